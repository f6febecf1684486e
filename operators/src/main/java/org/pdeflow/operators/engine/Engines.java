package org.pdeflow.operators.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that picks DJL's engine and device.
 *
 * <p>pdeflow runs on DJL's PyTorch engine. The default build bundles the CPU libtorch 2.7.1 from
 * Maven Central, so nothing is downloaded at run time; the {@code -Pcuda} build leaves it out and
 * DJL finds CUDA natives instead. Code never names a device: it asks {@link #device()}, which is the
 * first GPU whenever the engine reports one and the CPU otherwise, unless the user overrides it with
 * the system property or environment variable {@code PDEFLOW_DEVICE} ({@code cpu}, {@code gpu0}, ...).
 *
 * <p><b>oneDNN on AMD processors with AVX-512.</b> libtorch 2.7.1's oneDNN convolution kernels return NaN
 * gradients now and then on AMD EPYC processors with AVX-512 (measured: a group norm, SiLU and 3 x 3 convolution
 * gave a NaN input gradient in 13 of 160 random cases, 1 of 160 with oneDNN capped at AVX2, 0 of 160 at SSE4.1;
 * {@code docs/platforms.md}); every training step and every guidance gradient through a network is exposed. The
 * environment variable {@code ONEDNN_MAX_CPU_ISA=SSE41} avoids them and must be set before the JVM starts:
 * {@code bin/pdeflow} and the notebook kernel set it on such processors, the test build always. The engine's first
 * use logs a warning when it is missing on such a processor.
 */
public final class Engines {

    /** The DJL engine pdeflow uses. */
    public static final String ENGINE = "PyTorch";

    /** The environment variable that caps oneDNN's instruction set. */
    public static final String ONEDNN_ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    private static volatile boolean checked;

    /**
     * The JVM-wide lock of autograd: DJL (0.35.1, PyTorch) allows one open {@code GradientCollector} per JVM, so
     * code that may run on several threads opens one only while holding this (monitors are re-entrant, so a
     * collector's work may itself take it).
     */
    public static final Object AUTOGRAD = new Object();

    private Engines() {}

    /** The PyTorch engine, loaded on first use (this unpacks libtorch into ENGINE_CACHE_DIR once). */
    public static Engine engine() {
        if (!checked) {
            checked = true;
            warnAboutOneDnn();
        }
        return Engine.getEngine(ENGINE);
    }

    private static void warnAboutOneDnn() {
        if (System.getenv(ONEDNN_ISA_VARIABLE) != null) {
            return;
        }
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            String info = Files.isReadable(cpuinfo) ? Files.readString(cpuinfo) : "";
            if (info.contains("AuthenticAMD") && info.contains("avx512f")) {
                LOG.warn(
                        "{} is not set on an AMD processor with AVX-512: libtorch's oneDNN convolutions may "
                                + "return NaN gradients there (training, guidance through a network); start the "
                                + "JVM with {}=SSE41, as bin/pdeflow does (docs/platforms.md)",
                        ONEDNN_ISA_VARIABLE,
                        ONEDNN_ISA_VARIABLE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not read {}: {}", cpuinfo, e.toString());
        }
    }

    /**
     * The device new arrays and models go to.
     *
     * @return {@code PDEFLOW_DEVICE} if set, else the engine's default (a GPU when there is one)
     */
    public static Device device() {
        String chosen = System.getProperty("PDEFLOW_DEVICE", System.getenv("PDEFLOW_DEVICE"));
        if (chosen != null && !chosen.isBlank()) {
            return Device.fromName(chosen.strip(), engine());
        }
        return engine().defaultDevice();
    }

    /**
     * Turns off autograd recording on the calling thread. PyTorch's grad mode is per thread and DJL
     * only turns it off on the thread that loaded the engine, so worker threads that only run
     * inference (ensembles, parallel particles) call this first to avoid building graphs.
     */
    public static void inferenceOnThisThread() {
        engine();
        JniUtils.setGradMode(false);
    }

    /**
     * Whether autograd records on the calling thread (PyTorch's grad mode): on inside a DJL gradient
     * collector, off after {@link #inferenceOnThisThread()} and on the thread that loaded the engine. Code that
     * frees intermediate arrays early asks this first: a graph being recorded may still read them.
     */
    public static boolean recordsGradients() {
        engine();
        return JniUtils.isGradMode();
    }

    /** A one-line description: engine version and device, for logs and model cards. */
    public static String describe() {
        Engine e = engine();
        return e.getEngineName() + " " + e.getVersion() + " on " + device() + " (GPUs: " + e.getGpuCount() + ")";
    }
}
