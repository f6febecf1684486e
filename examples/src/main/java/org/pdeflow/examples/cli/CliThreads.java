package org.pdeflow.examples.cli;

/** The {@code --threads} option of the network commands: PyTorch's intra-op thread count. */
final class CliThreads {

    private CliThreads() {}

    /**
     * Sets {@code ai.djl.pytorch.num_threads} (and one inter-op thread) before the engine loads.
     *
     * @param threads the count, or null to keep PyTorch's default
     */
    static void apply(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
