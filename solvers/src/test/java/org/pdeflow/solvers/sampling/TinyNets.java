package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.solvers.denoise.EdmDenoiser;
import org.pdeflow.solvers.training.TinyConditionedNet;

/** A tiny initialised network wrapped as an EDM denoiser (a stand-in for FNO/UNO in tests). */
final class TinyNets {

    private TinyNets() {}

    static EdmDenoiser edm(NDManager manager, int channels) {
        TinyConditionedNet net = new TinyConditionedNet(channels, 8);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 4, 4), new Shape(1));
        return EdmDenoiser.of(net, 0.5);
    }
}
