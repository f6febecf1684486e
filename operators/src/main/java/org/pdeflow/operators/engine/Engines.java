package org.pdeflow.operators.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that picks DJL's engine and device.
 *
 * <p>pdeflow runs on DJL's PyTorch engine. The default build bundles the CPU libtorch 2.7.1 from
 * Maven Central, so nothing is downloaded at run time; the {@code -Pcuda} build leaves it out and
 * DJL finds CUDA natives instead. Code never names a device: it asks {@link #device()}, which is the
 * first GPU whenever the engine reports one and the CPU otherwise, unless the user overrides it with
 * the system property or environment variable {@code PDEFLOW_DEVICE} ({@code cpu}, {@code gpu0}, ...).
 */
public final class Engines {

    /** The DJL engine pdeflow uses. */
    public static final String ENGINE = "PyTorch";

    private Engines() {}

    /** The PyTorch engine, loaded on first use (this unpacks libtorch into ENGINE_CACHE_DIR once). */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
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
