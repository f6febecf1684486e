package org.pdeflow.operators.checkpoint;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A network loaded by {@link Checkpoints#load}: the DJL model holding the rebuilt block and its
 * weights, and the card it was rebuilt from. Close it to free the weights.
 *
 * @param model the DJL model; its manager owns the parameters
 * @param card the model card
 */
public record Checkpoint(Model model, ModelCard card) implements AutoCloseable {

    /** The network (a {@link org.pdeflow.operators.models.Fno}, {@link org.pdeflow.operators.models.Uno}, ...). */
    public Block block() {
        return model.getBlock();
    }

    /**
     * Applies an unconditioned network to physical fields: normalises the input with the card's
     * input normaliser, runs the network (inference mode) and denormalises with the output
     * normaliser. The result is attached to {@code x}'s manager.
     *
     * @param x physical input fields (B, Cin, H, W)
     * @return physical output fields (B, Cout, H, W)
     */
    public NDArray predict(NDArray x) {
        if (card.model().conditioned()) {
            throw new IllegalArgumentException("this network is conditioned on a noise level; call it through block()");
        }
        NDArray z = card.inputNormalizer() == null ? x : card.inputNormalizer().normalize(x);
        NDArray y = block().forward(new ParameterStore(x.getManager(), false), new NDList(z), false)
                .head();
        return card.outputNormalizer() == null ? y : card.outputNormalizer().denormalize(y);
    }

    @Override
    public void close() {
        model.close();
    }
}
