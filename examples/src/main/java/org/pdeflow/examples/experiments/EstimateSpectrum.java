package org.pdeflow.examples.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.inverse.prior.SpectrumTable;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Measures the stationary spectrum of one field of a periodic data set ({@link PeriodicGaussianField#estimate})
 * and writes it as a {@link SpectrumTable}: how ns-inverse's shipped climatological prior of omega0 was made
 * ({@code inverse/src/main/resources/org/pdeflow/inverse/problems/ns-inverse-omega0-spectrum-64.csv}).
 *
 * <pre>
 * java -cp examples/target/pdeflow.jar org.pdeflow.examples.experiments.EstimateSpectrum \
 *     data.h5 field domain-length out.csv
 * </pre>
 */
public final class EstimateSpectrum {

    private EstimateSpectrum() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String field = args[1];
        double length = Double.parseDouble(args[2]);
        Path out = Path.of(args[3]);
        List<double[]> samples = new ArrayList<>();
        Map<String, Object> attributes;
        int n;
        try (DatasetReader data = DatasetReader.open(file)) {
            attributes = data.attributes();
            for (int i = 0; i < data.sampleCount(); i++) {
                samples.add(data.readSample(field, i));
            }
            n = data.sampleShape(field)[0];
        }
        Grid2D grid = Grid2D.periodic(n, length);
        PeriodicGaussianField spectrum = PeriodicGaussianField.estimate(grid, samples);
        SpectrumTable.write(
                out,
                spectrum,
                List.of(
                        "stationary spectrum of field '" + field + "' measured from " + samples.size() + " fields of "
                                + file.getFileName() + " (" + n + " x " + n + ", domain length " + length + ")",
                        "data set: variant " + attributes.get("variant") + ", seed " + attributes.get("seed")
                                + ", samples " + attributes.get("samples") + ", Reynolds " + attributes.get("reynolds")
                                + ", forcing " + attributes.get("forcing") + ", burn-in " + attributes.get("burn_in"),
                        "the data set is: bin/pdeflow generate ns --variant " + attributes.get("variant")
                                + " --samples " + attributes.get("samples") + " --resolution " + n + " --seed "
                                + attributes.get("seed"),
                        "made by: java -cp examples/target/pdeflow.jar " + EstimateSpectrum.class.getName() + " "
                                + String.join(
                                        " ",
                                        file.getFileName().toString(),
                                        field,
                                        args[2],
                                        out.getFileName().toString()),
                        "modes below 1e-12 of the largest variance (round-off, dealiased modes) are 0"));
        System.out.println("wrote " + out + " from " + samples.size() + " fields");
    }
}
