package fastai.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * An Inception block: the same input goes through four parallel branches, a 1x1 conv, a 1x1
 * "reduce" then 3x3 conv, a 1x1 reduce then 5x5 conv, and a 3x3 max-pool (stride 1) then 1x1
 * conv; all keep the spatial size, and a {@link MergeVertex} stacks their channels. So the next
 * layer sees features found at several scales at once.
 */
public final class Inception {
    private Inception() { }

    /** Output channels of each branch (and the reduce widths in front of the 3x3 and 5x5 convs). */
    public record Branches(int conv1, int reduce3, int conv3, int reduce5, int conv5, int poolProj) {
        public Branches {
            int[] all = {conv1, reduce3, conv3, reduce5, conv5, poolProj};
            for (int v : all) if (v < 1) throw new IllegalArgumentException("every branch width must be >= 1, got " + this);
        }
        /** Channels of the merged output: the sum of the four branches' outputs. */
        public int outChannels() { return conv1 + conv3 + conv5 + poolProj; }
    }

    /** Adds the block to {@code b} reading {@code input}; returns the name of its merge vertex. */
    public static String block(ComputationGraphConfiguration.GraphBuilder b, String name, String input, Branches br) {
        b.addLayer(name + "_1x1", conv(1, br.conv1()), input);
        b.addLayer(name + "_3x3_reduce", conv(1, br.reduce3()), input);
        b.addLayer(name + "_3x3", conv(3, br.conv3()), name + "_3x3_reduce");
        b.addLayer(name + "_5x5_reduce", conv(1, br.reduce5()), input);
        b.addLayer(name + "_5x5", conv(5, br.conv5()), name + "_5x5_reduce");
        b.addLayer(name + "_pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(1, 1)
                .convolutionMode(ConvolutionMode.Same).build(), input);
        b.addLayer(name + "_pool_proj", conv(1, br.poolProj()), name + "_pool");
        b.addVertex(name + "_merge", new MergeVertex(), name + "_1x1", name + "_3x3", name + "_5x5", name + "_pool_proj");
        return name + "_merge";
    }

    private static ConvolutionLayer conv(int k, int nOut) {
        return new ConvolutionLayer.Builder(k, k).nOut(nOut).convolutionMode(ConvolutionMode.Same).build();
    }
}
