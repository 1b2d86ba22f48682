package fastai.onednn;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;

/**
 * Gives DL4J's max-pooling and batch-normalisation layers our oneDNN helpers ({@link DnnlPoolingHelper},
 * {@link DnnlBatchNormHelper}); {@link OneDnn#install} calls it on the {@code dnnl} path.
 *
 * <p>The helpers live in the layers' (non-public) {@code helper} fields, set by reflection: the
 * configuration is untouched, so a saved model stays a plain DL4J model. Layers DL4J's helpers do not
 * cover keep DL4J's own path: average/p-norm pooling, 1-D and 3-D pooling (other classes), and batch
 * normalisation with locked gamma/beta (DL4J's own path there ignores gamma whenever beta is 0).
 */
public final class DnnlLayers {
    private DnnlLayers() { }

    /** Installs the helpers where they apply; returns how many layers got one (0 if oneDNN does not load). */
    public static int installOn(Layer[] layers) {
        if (!Dnnl.available()) return 0;
        int n = 0;
        for (Layer l : layers) {
            Layer inner = unwrap(l);
            try {
                if (maxPooling(inner)) {
                    set(SubsamplingLayer.class, inner, new DnnlPoolingHelper());
                    n++;
                } else if (inner.getClass() == BatchNormalization.class
                        && !((org.deeplearning4j.nn.conf.layers.BatchNormalization) inner.conf().getLayer()).isLockGammaBeta()) {
                    set(BatchNormalization.class, inner, new DnnlBatchNormHelper());
                    n++;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return n;   // a different DL4J version: its own path stays
            }
        }
        return n;
    }

    /** Removes our helpers again (DL4J's own pooling and batch-norm path); returns how many. */
    public static int uninstall(Layer[] layers) {
        int n = 0;
        for (Layer l : layers) {
            Layer inner = unwrap(l);
            try {
                if (FastLayers.isPlain(inner, SubsamplingLayer.class) && inner.getHelper() instanceof DnnlPoolingHelper) {
                    set(SubsamplingLayer.class, inner, null);
                    n++;
                } else if (inner.getClass() == BatchNormalization.class && inner.getHelper() instanceof DnnlBatchNormHelper) {
                    set(BatchNormalization.class, inner, null);
                    n++;
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) { }
        }
        return n;
    }

    private static Layer unwrap(Layer l) {
        while (l instanceof BaseWrapperLayer w) l = w.getUnderlying();
        return l;
    }

    private static boolean maxPooling(Layer l) {
        return FastLayers.isPlain(l, SubsamplingLayer.class)
                && ((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) l.conf().getLayer()).getPoolingType() == PoolingType.MAX;
    }

    private static void set(Class<?> owner, Layer layer, Object helper) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField("helper");
        f.setAccessible(true);
        f.set(layer, helper);
    }
}
