package fastai.models;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import fastai.cnn.LayerChain;
import fastai.train.Fit;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;

/**
 * Dropout with its probability named, so the two opposite conventions cannot be mixed up:
 * {@code Dropout.drop(0.6)} drops 60% of a layer's inputs (Keras' {@code Dropout(0.6)}),
 * {@code Dropout.keep(0.4)} says the same from the other side (DL4J's {@code dropOut(0.4)}).
 * {@link #dl4j()} gives the DL4J object to put on a layer builder with {@code .dropOut(...)}.
 *
 * <p><b>Removing or changing dropout needs no rescaling in DL4J.</b> DL4J's dropout is
 * <i>inverted</i>: while training it divides the kept inputs by the keep probability, so the
 * expected input of the next layer is the input itself, and at inference nothing is dropped or
 * scaled. Weights trained with dropout therefore already expect unscaled inputs, and
 * {@link #remove}/{@link #set} copy them unchanged. The course's rule "halve the weights when
 * removing 50% dropout" ({@link #courseRescale}) is right only for the original, non-inverted
 * dropout that scales at test time instead; applied to an inverted-dropout net it shrinks the
 * outputs.
 */
public final class Dropout {
    private final double drop;

    private Dropout(double drop) { this.drop = drop; }

    /** Drop each input with probability {@code p} (0 ≤ p < 1); Keras' {@code Dropout(p)}. */
    public static Dropout drop(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("drop probability p must be in [0, 1), got " + p);
        return new Dropout(p);
    }

    /** Keep each input with probability {@code q} (0 < q ≤ 1); DL4J's {@code dropOut(q)}. */
    public static Dropout keep(double q) {
        if (!(q > 0 && q <= 1)) throw new IllegalArgumentException("keep probability q must be in (0, 1], got " + q);
        return new Dropout(1 - q);
    }

    /** No dropout. */
    public static Dropout none() { return new Dropout(0); }

    public double dropProbability() { return drop; }
    public double keepProbability() { return 1 - drop; }
    public boolean isNone() { return drop == 0; }

    /** The DL4J object for a layer builder's {@code .dropOut(IDropout)}; null for none. */
    public IDropout dl4j() {
        return isNone() ? null : new org.deeplearning4j.nn.conf.dropout.Dropout(keepProbability());
    }

    /** What a layer configuration does to its inputs (only DL4J's plain {@code Dropout} is read; other noise is refused). */
    public static Dropout of(Layer layer) {
        IDropout d = layer.getIDropout();
        if (d == null) return none();
        if (d instanceof org.deeplearning4j.nn.conf.dropout.Dropout dd) {
            if (dd.getPSchedule() != null) throw new IllegalArgumentException("layer " + layer.getLayerName() + " has a scheduled dropout; not supported");
            return keep(dd.getP());
        }
        if (d instanceof SpatialDropout sd) return keep(sd.getP());
        throw new IllegalArgumentException("layer " + layer.getLayerName() + " uses " + d.getClass().getSimpleName() + ", not plain dropout");
    }

    /** Dropout on the inputs of each layer of {@code g} that has any, by layer name. */
    public static Map<String, Dropout> inputsOf(ComputationGraph g) {
        Map<String, Dropout> out = new LinkedHashMap<>();
        for (LayerChain.Link k : LayerChain.of(g).links()) {
            if (k.layer().getIDropout() != null) out.put(k.name(), of(k.layer()));
        }
        return out;
    }

    /**
     * A copy of {@code g} with no dropout anywhere. The weights are copied unchanged: with DL4J's
     * inverted dropout the expected input of every layer is already the undropped input (see the
     * class comment), so the copy's inference outputs equal {@code g}'s and its training-time
     * outputs equal them in expectation.
     */
    public static ComputationGraph remove(ComputationGraph g) { return set(g, none()); }

    /** A copy of {@code g} whose layers that had dropout now have {@code d} (weights unchanged, as for {@link #remove}). */
    public static ComputationGraph set(ComputationGraph g, Dropout d) {
        if (d == null) throw new IllegalArgumentException("dropout d must not be null (use Dropout.none())");
        return set(g, d, false);
    }

    /**
     * A copy of {@code g} in which every layer fed by a dense layer (or by its batch norm) gets
     * {@code d} on its inputs, as Keras' {@code Dense, BatchNormalization, Dropout} stacks had; weights unchanged.
     */
    public static ComputationGraph setOnDenseLayers(ComputationGraph g, Dropout d) {
        if (d == null) throw new IllegalArgumentException("dropout d must not be null (use Dropout.none())");
        return set(g, d, true);
    }

    private static ComputationGraph set(ComputationGraph g, Dropout d, boolean afterDense) {
        LayerChain c = LayerChain.of(g);
        for (int i = 0; i < c.size(); i++) {
            LayerChain.Link k = c.get(i);
            IDropout old = k.layer().getIDropout();
            // after a dense layer, or after its batch norm: never between a dense layer and its batch norm
            boolean target = afterDense
                    ? i > 0 && isDenseOrBn(c.get(i - 1).layer()) && !(k.layer() instanceof BatchNormalization)
                    : old != null;
            if (!target) continue;
            if (old != null && !(old instanceof org.deeplearning4j.nn.conf.dropout.Dropout || old instanceof SpatialDropout
                    || old instanceof GaussianDropout || old instanceof GaussianNoise)) {
                // these all leave the expected input unchanged; anything else (e.g. AlphaDropout) might not
                throw new IllegalArgumentException("layer " + k.name() + " uses " + old.getClass().getSimpleName()
                        + "; only mean-preserving dropout can be replaced");
            }
            Layer l = k.layer().clone();
            l.setIDropout(d.dl4j());
            c = c.replace(i, k.withLayer(l));
        }
        return c.build(g.getConfiguration().getNetworkInputs().get(0), 0, Fit.SEED);
    }

    private static boolean isDenseOrBn(Layer l) {
        return l instanceof DenseLayer || l instanceof BatchNormalization;
    }

    /**
     * The course's rule for the weights after changing dropout from {@code before} to
     * {@code after}: multiply them by (1 − p_before) / (1 − p_after), i.e. halve them when removing 50% dropout.
     * Correct for non-inverted dropout; with DL4J's (and Keras') inverted dropout the right factor is 1.
     */
    public static double courseFactor(Dropout before, Dropout after) {
        return before.keepProbability() / after.keepProbability();
    }

    /**
     * What the course did, for comparison only: a copy of {@code g} with every weight and bias of
     * its dense layers multiplied by {@link #courseFactor}. Not needed (and harmful) in DL4J.
     */
    public static ComputationGraph courseRescale(ComputationGraph g, Dropout before, Dropout after) {
        double f = courseFactor(before, after);
        LayerChain c = LayerChain.of(g);
        for (int i = 0; i < c.size(); i++) {
            LayerChain.Link k = c.get(i);
            if (k.layer() instanceof BaseLayer && !(k.layer() instanceof ConvolutionLayer)
                    && k.params() != null && k.params().length() > 0) {
                c = c.replace(i, k.withParams(k.params().mul(f)));
            }
        }
        return c.build(g.getConfiguration().getNetworkInputs().get(0), 0, Fit.SEED);
    }

    /** Equal when the probabilities agree to 1e-9 (keep(0.7) and drop(0.3) differ in the last bit). */
    @Override public boolean equals(Object o) { return o instanceof Dropout d && Math.abs(d.drop - drop) < 1e-9; }
    @Override public int hashCode() { return Long.hashCode(Math.round(drop * 1e6)); }

    @Override public String toString() {
        return isNone() ? "no dropout"
                : String.format(Locale.ROOT, "drop %.2f of the inputs (Keras Dropout(%.2f), DL4J dropOut(%.2f))", drop, drop, 1 - drop);
    }
}
