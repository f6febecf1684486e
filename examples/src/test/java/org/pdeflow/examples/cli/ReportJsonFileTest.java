package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.examples.inverse.InverseResults;

/**
 * The report files ({@code report.json} of solve, {@code results.json} of the demo, benchmark.json)
 * are valid JSON even when a setting or figure is NaN or infinite: RFC 8259 has no such literals,
 * so they are written as null. Checked with Gson's reader in strict (non-lenient) mode, which
 * rejects {@code NaN} and {@code Infinity} as JSON does.
 */
class ReportJsonFileTest {

    @TempDir
    Path dir;

    static JsonElement parseStrictly(String json) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setLenient(false);
        JsonElement e = new Gson().getAdapter(JsonElement.class).read(reader);
        assertEquals(JsonToken.END_DOCUMENT, reader.peek(), "trailing content");
        return e;
    }

    @Test
    void theStrictParserRejectsNaN() {
        // so that the test below can fail: what Gson's serializeSpecialFloatingPointValues wrote
        assertThrows(IOException.class, () -> parseStrictly("{\"tau\": NaN}"));
        assertThrows(IOException.class, () -> parseStrictly("{\"x\": [1.0, Infinity]}"));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("tau", Double.NaN);
        settings.put("sigma", Double.POSITIVE_INFINITY);
        settings.put("floor", Double.NEGATIVE_INFINITY);
        settings.put("steps", 40);
        settings.put("alpha", 2.5);
        settings.put("ratio", Float.NaN);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("settings", settings);
        report.put("errors", new double[] {0.25, Double.NaN, -1e-300});
        report.put("history", List.of(1.0, Double.POSITIVE_INFINITY));
        report.put("method", "daps");
        Path file = dir.resolve("report.json");
        InverseResults.writeJson(file, report);

        JsonObject r = parseStrictly(Files.readString(file)).getAsJsonObject();
        JsonObject s = r.getAsJsonObject("settings");
        assertTrue(s.get("tau").isJsonNull(), s.toString());
        assertTrue(s.get("sigma").isJsonNull(), s.toString());
        assertTrue(s.get("floor").isJsonNull(), s.toString());
        assertTrue(s.get("ratio").isJsonNull(), s.toString());
        assertEquals(40, s.get("steps").getAsInt());
        assertEquals(2.5, s.get("alpha").getAsDouble());
        JsonArray errors = r.getAsJsonArray("errors");
        assertEquals(0.25, errors.get(0).getAsDouble());
        assertTrue(errors.get(1).isJsonNull());
        assertEquals(-1e-300, errors.get(2).getAsDouble());
        JsonArray history = r.getAsJsonArray("history");
        assertEquals(1.0, history.get(0).getAsDouble());
        assertTrue(history.get(1).isJsonNull());
        assertEquals("daps", r.get("method").getAsString());
    }
}
