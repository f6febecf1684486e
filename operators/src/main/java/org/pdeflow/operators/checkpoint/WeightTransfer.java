package org.pdeflow.operators.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Copies trained weights into a larger network that contains the trained one: "growing" a network
 * (e.g. a U-Net given an attention block whose output projection starts at zero, so that the grown
 * network first computes exactly what the trained one did). Parameters are matched by their names in
 * the block tree, which DJL derives from the child names, so the two networks must name their common
 * layers alike. DJL prefixes each child's name with its position among its siblings ("10dec2_0_01norm0_gamma"),
 * which a new layer shifts; the positions are therefore left out of the match ("dec2_0_norm0_gamma").
 */
public final class WeightTransfer {

    /** The two-digit sibling position DJL puts before every child name. */
    private static final Pattern POSITION = Pattern.compile("(^|_)\\d{2}(?=[A-Za-z])");

    private WeightTransfer() {}

    /**
     * Copies every parameter of {@code source} into the parameter of {@code target} with the same name.
     * Both blocks must be initialised; {@code target}'s gradient flags are restored afterwards.
     *
     * @param source the trained network
     * @param target the grown network
     * @return the names of {@code target}'s parameters that {@code source} does not have (left as initialised)
     * @throws IllegalArgumentException if a parameter of {@code source} is missing from {@code target} or has
     *     another shape there
     */
    public static List<String> copy(Block source, Block target) {
        Map<String, Parameter> into = new HashMap<>();
        PairList<String, Parameter> targetParams = target.getParameters();
        for (Pair<String, Parameter> p : targetParams) {
            if (into.put(key(p.getKey()), p.getValue()) != null) {
                throw new IllegalArgumentException(
                        "two parameters of the grown network are both called " + key(p.getKey()));
            }
        }
        List<String> fresh = new ArrayList<>(into.keySet());
        for (Pair<String, Parameter> p : source.getParameters()) {
            Parameter to = into.get(key(p.getKey()));
            NDArray from = p.getValue().getArray();
            if (to == null || !to.getArray().getShape().equals(from.getShape())) {
                throw new IllegalArgumentException(
                        "the grown network has no parameter " + key(p.getKey()) + " of shape " + from.getShape()
                                + (to == null ? "" : " (it has " + to.getArray().getShape() + ")"));
            }
            fresh.remove(key(p.getKey()));
        }
        // an in-place copy into an array that records gradients is refused by autograd: freeze around it
        target.freezeParameters(true);
        for (Pair<String, Parameter> p : source.getParameters()) {
            into.get(key(p.getKey())).getArray().set(p.getValue().getArray().toFloatArray());
        }
        target.freezeParameters(false);
        fresh.sort(null);
        return fresh;
    }

    /** A parameter's name without the sibling positions. */
    static String key(String name) {
        return POSITION.matcher(name).replaceAll("$1");
    }
}
