package org.pdeflow.datasets.measurements;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.pdeflow.datasets.io.AtomicOutput;

/**
 * Writes readings as a measurement file in the format that {@link MeasurementReader} reads
 * ({@code docs/measurement-files.md}): the header {@code x,y,value,sigma,field}, plus {@code ,t}
 * when the readings carry times, then one line per reading.
 *
 * <p>Numbers are written with {@link Double#toString(double)}, whose digits identify the double
 * uniquely, so a file written here reads back bit for bit (the zeros' signs included).
 */
public final class MeasurementWriter {

    private MeasurementWriter() {}

    /**
     * Writes a measurement file atomically (see {@link AtomicOutput}): on failure an existing file
     * is left unchanged.
     *
     * @param file the target CSV file, written in UTF-8
     * @param measurements the readings, at least one
     * @throws IOException on a write error
     * @throws IllegalArgumentException when there are no readings
     */
    public static void write(Path file, Measurements measurements) throws IOException {
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("no readings to write");
        }
        AtomicOutput.write(file, out -> write(out, measurements));
    }

    /**
     * Writes the CSV text of readings to a stream.
     *
     * @param out the stream; not closed
     * @param measurements the readings
     * @throws IOException on a write error
     */
    public static void write(OutputStream out, Measurements measurements) throws IOException {
        boolean time = measurements.hasTime();
        StringBuilder sb = new StringBuilder(64 * (measurements.size() + 1));
        sb.append("x,y,value,sigma,field").append(time ? ",t" : "").append('\n');
        for (Reading r : measurements.readings()) {
            sb.append(r.x())
                    .append(',')
                    .append(r.y())
                    .append(',')
                    .append(r.value())
                    .append(',')
                    .append(r.sigma())
                    .append(',')
                    .append(r.field());
            if (time) {
                sb.append(',').append(r.t());
            }
            sb.append('\n');
            if (sb.length() > 1 << 16) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
