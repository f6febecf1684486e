package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.examples.inverse.InverseResults;

/**
 * The summary of a batch {@code solve}: one row per measurement file (its result folder, readings, misfit per reading,
 * seconds, forward evaluations and, with truths, the relative L2 error of each field), as summary.md (also printed),
 * summary.csv and summary.json.
 */
final class BatchSummary {

    private BatchSummary() {}

    /** The summary row of one file's report. */
    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> row(String file, String folder, Map<String, Object> report) {
        LinkedHashMap<String, Object> row = new LinkedHashMap<>();
        row.put("file", file);
        row.put("folder", folder);
        row.put("readings", ((Map<String, Object>) report.get("observations")).get("count"));
        row.put("misfitPerReading", report.get("dataMisfitPerReading"));
        Map<String, Object> timings = (Map<String, Object>) report.get("timings");
        row.put("seconds", timings.get("seconds"));
        row.put("forwardEvaluations", timings.get("forwardEvaluations"));
        Object rel = report.get("relativeL2");
        if (rel instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> errors = new LinkedHashMap<>();
            m.forEach((k, v) -> errors.put(String.valueOf(k), v));
            row.put("relativeL2", errors);
        }
        return row;
    }

    /**
     * Writes summary.md, summary.csv and summary.json into {@code dir}.
     *
     * @return the Markdown table
     */
    @SuppressWarnings("unchecked")
    static String write(Path dir, String problem, String method, List<LinkedHashMap<String, Object>> rows)
            throws IOException {
        List<String> fields = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r.get("relativeL2") instanceof Map<?, ?> m) {
                for (Object k : m.keySet()) {
                    if (!fields.contains(String.valueOf(k))) {
                        fields.add(String.valueOf(k));
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder("| file | readings | misfit / reading | s | forward evaluations");
        StringBuilder csv = new StringBuilder("file,folder,readings,misfit_per_reading,seconds,forward_evaluations");
        for (String f : fields) {
            md.append(" | relative L2 ").append(f);
            csv.append(",relative_l2_").append(f);
        }
        md.append(" |\n").append("|---".repeat(5 + fields.size())).append("|\n");
        csv.append('\n');
        for (Map<String, Object> r : rows) {
            Map<String, Object> rel = (Map<String, Object>) r.getOrDefault("relativeL2", Map.of());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.4g | %.2f | %s",
                    r.get("file"),
                    r.get("readings"),
                    (double) r.get("misfitPerReading"),
                    (double) r.get("seconds"),
                    r.get("forwardEvaluations")));
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%s,%.17g,%.6g,%s",
                    r.get("file"),
                    r.get("folder"),
                    r.get("readings"),
                    (double) r.get("misfitPerReading"),
                    (double) r.get("seconds"),
                    r.get("forwardEvaluations")));
            for (String f : fields) {
                Object v = rel.get(f);
                md.append(v == null ? " | –" : String.format(Locale.ROOT, " | %.4f", (double) v));
                csv.append(v == null ? "," : String.format(Locale.ROOT, ",%.17g", (double) v));
            }
            md.append(" |\n");
            csv.append('\n');
        }
        md.append(String.format(Locale.ROOT, "%n%d files, %s with %s.%n", rows.size(), problem, method));
        Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), csv.toString(), StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("problem", problem);
        json.put("method", method);
        json.put("files", rows);
        InverseResults.writeJson(dir.resolve("summary.json"), json);
        return md.toString();
    }
}
