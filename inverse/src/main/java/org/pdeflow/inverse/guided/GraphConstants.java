package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;

/**
 * Scalar constants for arrays that autograd differentiates. DJL's number overloads
 * ({@code x.mul(0.5)}) wrap the number in a temporary CPU array backed by a Java direct buffer and
 * close it at once; autograd may keep that tensor for the backward pass, whose memory is then
 * reclaimed by the garbage collector at an arbitrary moment (observed as rare NaN gradients). A
 * constant made here is registered in the manager of the array it combines with, so it stays valid
 * until that (per-step) scope closes.
 */
final class GraphConstants {

    private GraphConstants() {}

    /** The scalar {@code value} in the manager and data type of {@code like}. */
    static NDArray scalar(NDArray like, double value) {
        return like.getManager().create(value).toType(like.getDataType(), false);
    }
}
