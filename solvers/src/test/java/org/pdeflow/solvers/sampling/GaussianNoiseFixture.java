package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.GaussianNoise;

/** Draws of the model's unit noise n ~ N(0, C). */
final class GaussianNoiseFixture {

    private GaussianNoiseFixture() {}

    static NDArray unitNoise(GaussianDenoiser model, NDManager manager, long batch) {
        return new GaussianNoise(model.noiseCovariance()).sample(manager, batch, DataType.FLOAT64);
    }
}
