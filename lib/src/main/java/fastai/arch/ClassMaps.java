package fastai.arch;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fastai.display.Plots;

/**
 * Class activation maps of a {@link Heads#fullyConvolutional} head: the output of its last conv
 * layer, one map per class, whose averages are the class scores. Where a map is high, the head
 * saw that class there.
 */
public final class ClassMaps {
    private ClassMaps() { }

    /** The maps [N, K, h, w] for features [N, C, H, W]. */
    public static INDArray of(ComputationGraph fcn, INDArray features) {
        if (!fcn.getConfiguration().getVertices().containsKey(Heads.CLASS_MAPS)) {
            throw new IllegalArgumentException("the graph has no '" + Heads.CLASS_MAPS + "' layer; build it with Heads.fullyConvolutional");
        }
        return fcn.feedForward(new INDArray[] {features}, false).get(Heads.CLASS_MAPS).detach();
    }

    /**
     * Pairs of pictures for the first {@code n} images: the image, then the map of class
     * {@code cls[i]} over it. Titles say which class's map it is.
     */
    public static List<BufferedImage> pairs(INDArray images, INDArray maps, int[] cls, int n) {
        List<BufferedImage> grays = Plots.toImages(images.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(grays.get(i));
            out.add(Overlays.heatmap(grays.get(i), maps.get(NDArrayIndex.point(i), NDArrayIndex.point(cls[i]), NDArrayIndex.all(), NDArrayIndex.all()), 0.5));
        }
        return out;
    }
}
