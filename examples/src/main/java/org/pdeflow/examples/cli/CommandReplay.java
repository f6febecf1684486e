package org.pdeflow.examples.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command rebuilt from the program's arguments: how a Spark task gets the very options of the command that started
 * it. The driver sends its arguments (a {@code String[]}, cheap to serialize); the executor parses them again and
 * builds its unit of work with the same code as the local path.
 */
final class CommandReplay {

    private CommandReplay() {}

    /** The arguments the program was started with (after @-file expansion), for {@link #parse}. */
    static String[] argsOf(CommandSpec spec) {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> args = root.getParseResult().expandedArgs();
        return args.toArray(String[]::new);
    }

    /**
     * Parses the program's arguments and returns the command object of the given type, its options set.
     *
     * @param args the arguments of {@link #argsOf}
     * @param type the command class
     * @return the parsed command (not run)
     */
    static <T> T parse(String[] args, Class<T> type) {
        ParseResult result = new CommandLine(new Pdeflow()).parseArgs(args);
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            Object command = r.commandSpec().userObject();
            if (type.isInstance(command)) {
                return type.cast(command);
            }
        }
        throw new IllegalStateException("the arguments " + List.of(args) + " run no " + type.getSimpleName());
    }
}
