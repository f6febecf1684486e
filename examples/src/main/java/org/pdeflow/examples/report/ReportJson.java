package org.pdeflow.examples.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * The JSON of pdeflow's reports ({@code report.json}, {@code results.json}, {@code benchmark.json},
 * {@code evaluate-prior}'s report): pretty-printed, and valid JSON (RFC 8259) whatever the numbers
 * are. JSON has no NaN or infinity, so a non-finite {@code double} or {@code float} (an unset
 * setting such as {@code tau}, a failed metric) is written as {@code null}; Python's
 * {@code json.load}, {@code jq} and browsers read every report.
 */
public final class ReportJson {

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .registerTypeAdapter(Double.class, new FiniteOrNull())
            .registerTypeAdapter(double.class, new FiniteOrNull())
            .registerTypeAdapter(Float.class, new FiniteOrNull())
            .registerTypeAdapter(float.class, new FiniteOrNull())
            .create();

    private ReportJson() {}

    /**
     * The JSON text of a value (maps, lists, arrays, records, numbers, strings).
     *
     * @param content the value
     * @return pretty-printed JSON, non-finite numbers as {@code null}
     */
    public static String toJson(Object content) {
        return GSON.toJson(content);
    }

    /** Writes finite numbers as numbers and NaN and infinities as {@code null}. */
    private static final class FiniteOrNull extends TypeAdapter<Number> {
        @Override
        public void write(JsonWriter out, Number value) throws IOException {
            if (value == null || !Double.isFinite(value.doubleValue())) {
                // Keep the key of a map entry: a null is dropped with its name unless nulls are serialised.
                boolean serializeNulls = out.getSerializeNulls();
                out.setSerializeNulls(true);
                out.nullValue();
                out.setSerializeNulls(serializeNulls);
            } else {
                out.value(value);
            }
        }

        @Override
        public Number read(JsonReader in) {
            throw new UnsupportedOperationException("ReportJson writes reports; it does not read them");
        }
    }
}
