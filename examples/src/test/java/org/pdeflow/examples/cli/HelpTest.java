package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code --help} and {@code -V} print, for the program and every command. */
class HelpTest {

    /** Command paths of every (sub)command, e.g. ["simulate", "ns"]. */
    private static final List<String[]> COMMANDS = List.of(
            new String[] {"simulate"},
            new String[] {"simulate", "darcy"},
            new String[] {"simulate", "ns"},
            new String[] {"simulate", "wave"},
            new String[] {"generate"},
            new String[] {"train-operator"},
            new String[] {"train-prior"},
            new String[] {"sample"},
            new String[] {"evaluate-prior"},
            new String[] {"demo"},
            new String[] {"demo", "ns"},
            new String[] {"bench"},
            new String[] {"solve"},
            new String[] {"benchmark"},
            new String[] {"benchmark", "inverse"});

    @Test
    void topLevelSummariesAreWholeSentences() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        // "Commands:" entries: a name at two spaces' indent, continuation lines indented further.
        Map<String, StringBuilder> summaries = new LinkedHashMap<>();
        String current = null;
        boolean inCommands = false;
        for (String line : help.out().split("\\R")) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("  \\S.*")) {
                String[] parts = line.trim().split("\\s+", 2);
                current = parts[0];
                summaries.put(current, new StringBuilder(parts.length > 1 ? parts[1] : ""));
            } else if (inCommands && current != null && line.startsWith("    ")) {
                summaries.get(current).append(' ').append(line.trim());
            }
        }
        assertTrue(
                summaries
                        .keySet()
                        .containsAll(List.of(
                                "simulate",
                                "generate",
                                "train-operator",
                                "train-prior",
                                "sample",
                                "evaluate-prior",
                                "bench")),
                summaries.keySet().toString());
        for (Map.Entry<String, StringBuilder> e : summaries.entrySet()) {
            String text = e.getValue().toString().trim();
            assertTrue(
                    text.endsWith(".") || text.endsWith(".)"),
                    e.getKey() + " summary is cut mid-sentence: '" + text + "'");
        }
    }

    @Test
    void everyCommandPrintsTheVersion() {
        for (String[] path : COMMANDS) {
            List<String> args = new ArrayList<>(List.of(path));
            args.add("-V");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), String.join(" ", path) + ": " + run.err());
            assertTrue(run.out().startsWith("pdeflow "), String.join(" ", path) + " -V printed '" + run.out() + "'");
        }
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String[] path : COMMANDS) {
                List<String> args = new ArrayList<>(List.of(path));
                args.add("--help");
                CliRun run = CliRun.of(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), String.join(" ", path));
                assertFalse(run.out().contains("%n") || run.out().contains("[picocli WARN]"), run.out());
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
        assertTrue(CliRun.of("train-operator", "--help")
                .out()
                .replaceAll("\\s+", " ")
                .contains("10% of the file"));
    }
}
