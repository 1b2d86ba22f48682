package fastai.onednn.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Puts another runtime class in place of a layer object inside a built net, with the same state.
 *
 * <p>DL4J 1.0.0-M2.1 gives dense layers no helper interface and never calls the pooling helper in the
 * forward pass, so the faster paths of this package are subclasses of DL4J's runtime layers. The net's
 * configuration (what a saved model holds) is not touched: only the objects DL4J made from it are
 * exchanged, and the new object gets every field of the old one (parameter and gradient views, listeners,
 * index, helper, cache mode), so it trains the same parameters. {@link #swap} with the inverse mapping
 * puts DL4J's own classes back.
 */
public final class LayerSwap {
    private LayerSwap() { }

    /**
     * Replaces every layer (also inside frozen or other wrapper layers) for which {@code replacement}
     * returns a layer; returns how many were replaced.
     */
    public static int swap(ComputationGraph graph, Function<Layer, Layer> replacement) {
        int n = 0;
        Layer[] layers = graph.getLayers();
        for (int i = 0; i < layers.length; i++) {
            Layer old = layers[i];
            Layer now = replaceInside(old, replacement);
            if (now == old) continue;
            n++;
            if (now == null) continue;   // replaced inside a wrapper: the wrapper stays
            layers[i] = now;
            for (GraphVertex v : graph.getVertices()) {
                if (v instanceof LayerVertex lv && lv.getLayer() == old) set(LayerVertex.class, "layer", lv, now);
            }
        }
        return n;
    }

    /** As {@link #swap(ComputationGraph, Function)} for a {@link MultiLayerNetwork}. */
    @SuppressWarnings("unchecked")
    public static int swap(MultiLayerNetwork net, Function<Layer, Layer> replacement) {
        int n = 0;
        Layer[] layers = net.getLayers();
        Map<String, Layer> byName = (Map<String, Layer>) get(MultiLayerNetwork.class, "layerMap", net);
        for (int i = 0; i < layers.length; i++) {
            Layer old = layers[i];
            Layer now = replaceInside(old, replacement);
            if (now == old) continue;
            n++;
            if (now == null) continue;
            layers[i] = now;
            if (byName != null) byName.replaceAll((k, v) -> v == old ? now : v);
        }
        return n;
    }

    /** The replacement of {@code l}; null when it was replaced inside its wrapper; {@code l} itself when nothing changed. */
    private static Layer replaceInside(Layer l, Function<Layer, Layer> replacement) {
        if (l instanceof BaseWrapperLayer w) {
            Layer inner = w.getUnderlying();
            Layer now = replaceInside(inner, replacement);
            if (now == inner) return l;
            if (now != null) set(BaseWrapperLayer.class, "underlying", w, now);
            return null;
        }
        Layer now = replacement.apply(l);
        return now == null ? l : now;
    }

    /**
     * Copies the state of {@code from} into {@code to}, which must be of {@code from}'s class, a subclass or a
     * superclass of it: every instance field of the classes both share, down to DL4J's {@code AbstractLayer}.
     */
    public static <T extends Layer> T copyState(Layer from, T to) {
        Class<?> common = to.getClass().isAssignableFrom(from.getClass()) ? to.getClass() : from.getClass();
        if (!common.isInstance(from) || !common.isInstance(to) || !AbstractLayer.class.isAssignableFrom(common)) {
            throw new IllegalArgumentException("cannot copy a " + from.getClass().getName() + " into a " + to.getClass().getName());
        }
        for (Class<?> c = common; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    f.set(to, f.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy field " + c.getName() + "." + f.getName(), e);
                }
            }
        }
        return to;
    }

    private static Object get(Class<?> owner, String field, Object target) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's " + owner.getSimpleName() + " has no field " + field + " (another DL4J version?)", e);
        }
    }

    private static void set(Class<?> owner, String field, Object target, Object value) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's " + owner.getSimpleName() + " has no field " + field + " (another DL4J version?)", e);
        }
    }
}
