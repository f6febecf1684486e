package org.pdeflow.operators.models;

import ai.djl.nn.Block;

/**
 * The hyper-parameters that rebuild a network, serialised into a checkpoint's model card. Each
 * implementation is a record registered under its {@link #architecture()} name in
 * {@link Architectures}, so a card can be turned back into a block without knowing its type in
 * advance.
 */
public interface ModelConfig {

    /** The registered architecture name ("fno", "uno", ...). */
    String architecture();

    /** Channels of the input field x. */
    int inChannels();

    /** Channels of the output field. */
    int outChannels();

    /**
     * Whether the network takes a per-sample conditioning scalar: forward NDList(x, noise (B,))
     * instead of NDList(x).
     */
    boolean conditioned();

    /** A new, uninitialised block with these hyper-parameters. */
    Block newBlock();
}
