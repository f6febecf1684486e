package org.pdeflow.inverse.problems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.pde.wave.Receiver;

/**
 * Reads seismograms for {@link WaveInverse#readRecording}: a {@code .npy} of shape (shots, receivers,
 * samples), as {@code pdeflow simulate wave} writes it, and its acquisition file
 * ({@link WaveAcquisitionFile}), checked against each other before any work. The traces carry no
 * noise levels: the user's sigma, else {@link WaveInverse#DEFAULT_NOISE_FRACTION} of their RMS.
 */
final class WaveRecording {

    private WaveRecording() {}

    static RecordedReadings read(WaveInverse problem, Path traces, Path description, Double sigma) {
        if (sigma != null && (!(sigma > 0) || Double.isInfinite(sigma))) {
            throw new IllegalArgumentException("the noise level (--sigma) must be positive and finite, got " + sigma);
        }
        NdArray t = Npy.read(traces);
        Path acquisitionFile = description != null ? description : WaveAcquisitionFile.beside(traces);
        if (description == null && !Files.exists(acquisitionFile)) {
            throw new InputException(
                    traces,
                    "no acquisition file " + acquisitionFile.getFileName() + " beside the traces (simulate wave "
                            + "writes it); name the sources, receivers and sampling in one (--acquisition FILE, "
                            + "docs/measurement-files.md)");
        }
        WaveAcquisitionFile.Content content = WaveAcquisitionFile.read(acquisitionFile);
        WaveAcquisition a = content.acquisition();
        if (a.nx() != a.ny()) {
            throw new InputException(
                    acquisitionFile,
                    "field 'ny': wave-inverse inverts square models (nx = ny), got " + a.nx() + " x " + a.ny());
        }
        if (a.nx() < 4) {
            throw new InputException(acquisitionFile, "field 'nx': wave-inverse needs at least 4 nodes per axis");
        }
        VelocityPrior prior = content.prior() != null ? content.prior() : VelocityPrior.DEFAULT;
        WaveInverse adapted = problem.withAcquisition(a, acquisitionFile, prior);

        int[] want = a.tracesShape();
        String shape = "(" + want[0] + ", " + want[1] + ", " + want[2] + ")";
        if (t.rank() != 3) {
            throw new InputException(
                    traces,
                    "expected traces of shape (shots, receivers, samples) = " + shape + " for " + acquisitionFile
                            + ", got shape " + t.shapeString());
        }
        if (t.dim(0) != want[0]) {
            throw new InputException(
                    traces, t.dim(0) + " shots (first axis), but " + acquisitionFile + " has " + want[0] + " sources");
        }
        if (t.dim(1) != want[1]) {
            throw new InputException(
                    traces,
                    t.dim(1) + " receivers (second axis), but " + acquisitionFile + " has " + want[1] + " receivers");
        }
        if (t.dim(2) != want[2]) {
            throw new InputException(
                    traces,
                    String.format(
                            Locale.ROOT,
                            "%d samples per trace (third axis), but %s records %d (t = 0 to duration %s s every "
                                    + "sampleInterval %s s)",
                            t.dim(2),
                            acquisitionFile,
                            want[2],
                            a.duration(),
                            a.sampleInterval()));
        }
        double[] values = t.data();
        double sum = 0;
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                int s = k / (want[1] * want[2]);
                int r = k / want[2] % want[1];
                throw new InputException(
                        traces,
                        "value " + values[k] + " at [" + s + ", " + r + ", " + k % want[2]
                                + "] (shot, receiver, sample); all values must be finite");
            }
            sum += values[k] * values[k];
        }
        double rms = Math.sqrt(sum / values.length);
        if (!(rms > 0)) {
            throw new InputException(traces, "every value is 0: the traces hold no signal");
        }
        double noise = sigma != null ? sigma : WaveInverse.DEFAULT_NOISE_FRACTION * rms;
        String rule = sigma != null ? "given" : "1 % of the traces' RMS, as no sigma was given";
        Observations observations = Observations.of(values, noise);

        List<Receiver> receivers = a.receivers();
        double[] x = new double[receivers.size()];
        double[] y = new double[receivers.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = receivers.get(i).x();
            y[i] = receivers.get(i).y();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", traces.toString());
        report.put("acquisition", acquisitionFile.toString());
        report.put("field", problem.observedField());
        report.put("count", values.length);
        report.put("shots", want[0]);
        report.put("receivers", want[1]);
        report.put("samples", want[2]);
        report.put("sigma", noise);
        report.put("sigmaRule", rule);
        Map<String, Object> velocity = new LinkedHashMap<>();
        velocity.put("mean", prior.mean());
        velocity.put("std", prior.std());
        velocity.put("from", content.prior() != null ? "the acquisition file" : "the default");
        report.put("velocityPrior", velocity);
        String summary = String.format(
                Locale.ROOT,
                "%s: %d shots x %d receivers x %d samples (acquisition %s, %d x %d nodes at %s m); noise sigma %.4g "
                        + "(%s); velocity prior %.0f +- %.0f m/s (%s)",
                traces,
                want[0],
                want[1],
                want[2],
                acquisitionFile,
                a.nx(),
                a.ny(),
                a.spacing(),
                noise,
                rule,
                prior.mean(),
                prior.std(),
                velocity.get("from"));
        return new RecordedReadings(adapted, new Readings(null, observations), x, y, summary, report);
    }
}
