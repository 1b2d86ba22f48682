package fastai.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies a Keras weights-only HDF5 file ({@code model.save_weights(...)}, e.g. Keras'
 * {@code vgg16_weights_tf_dim_ordering_tf_kernels.h5}) into a DL4J graph of the same
 * architecture, whose layout differs in two places:
 * <ul>
 *   <li>conv kernels: Keras stores [height, width, in, out], DL4J [out, in, height, width];</li>
 *   <li>the first dense layer after the convolutions: Keras flattens channels-last feature maps
 *       (index {@code (h*W + w)*C + c}), DL4J channels-first ({@code c*H*W + h*W + w}), so its
 *       weight rows are reordered.</li>
 * </ul>
 * Only TensorFlow-ordered (channels_last) files are read; Theano-ordered kernels are refused.
 * Full Keras model files (architecture + weights) go through DL4J's own {@code KerasModelImport}
 * instead (see {@link Vgg16#load(Path)}).
 */
public final class KerasWeights {
    private KerasWeights() { }

    /** Whether {@code h5} is a weights-only file (no {@code model_config} attribute). */
    public static boolean isWeightsOnly(Path h5) {
        try (Hdf5Archive a = new Hdf5Archive(h5.toString())) {
            return !a.hasAttribute("model_config");
        }
    }

    /**
     * Copies the weights of the Keras layers {@code kerasNames} (in order) into the weight layers
     * of {@code graph} (in topological order). Count or shape mismatches are one-line errors
     * naming the file.
     */
    public static void copyInto(ComputationGraph graph, Path h5, List<String> kerasNames) {
        String where = h5.toAbsolutePath().toString();
        if (!Files.isRegularFile(h5)) throw new IllegalArgumentException("Keras weights file not found: " + where);
        List<Layer> targets = new ArrayList<>();
        for (int idx : graph.topologicalSortOrder()) {
            var v = graph.getVertices()[idx];
            if (v.hasLayer() && v.getLayer().getParam("W") != null) targets.add(v.getLayer());
        }
        if (targets.size() != kerasNames.size()) {
            throw new IllegalArgumentException("the network has " + targets.size() + " weight layers but " + kerasNames.size()
                    + " Keras layer names were given for " + where);
        }
        Hdf5Archive a;
        try {
            a = new Hdf5Archive(h5.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " is not an HDF5 file (" + e.getMessage() + ")", e);
        }
        try (a) {
            String[] root = a.getGroups().contains("model_weights") ? new String[] {"model_weights"} : new String[0];
            long lastConvOut = -1;
            for (int i = 0; i < targets.size(); i++) {
                String name = kerasNames.get(i);
                INDArray[] kb = read(a, root, name, where);
                Layer layer = targets.get(i);
                INDArray w = layer.getParam("W");
                INDArray kernel = kb[0];
                INDArray converted;
                if (w.rank() == 4) {
                    if (kernel.rank() != 4) throw mismatch(where, name, kernel, w);
                    converted = kernel.permute(3, 2, 0, 1);
                    if (!Arrays.equals(converted.shape(), w.shape())) {
                        if (Arrays.equals(kernel.shape(), w.shape()) && kernel.size(0) != kernel.size(2)) {
                            throw new IllegalArgumentException(where + " has Theano-ordered kernels (layer " + name
                                    + "); only TensorFlow-ordered (channels_last) weight files are supported");
                        }
                        throw mismatch(where, name, kernel, w);
                    }
                    lastConvOut = w.size(0);
                } else {
                    if (!Arrays.equals(kernel.shape(), w.shape())) throw mismatch(where, name, kernel, w);
                    converted = kernel;
                    if (lastConvOut > 0) {
                        // first dense layer after the conv stack: channels-last rows → channels-first rows
                        long c = lastConvOut, hw = kernel.size(0) / c, out = kernel.size(1);
                        if (hw * c != kernel.size(0)) throw mismatch(where, name, kernel, w);
                        converted = kernel.reshape('c', hw, c, out).permute(1, 0, 2).dup('c').reshape('c', c * hw, out);
                        lastConvOut = -1;
                    }
                }
                w.assign(converted.castTo(w.dataType()));
                INDArray b = layer.getParam("b");
                if (b != null && kb[1] != null) {
                    if (b.length() != kb[1].length()) throw mismatch(where, name + " bias", kb[1], b);
                    b.assign(kb[1].reshape(b.shape()).castTo(b.dataType()));
                }
            }
        }
    }

    /** Kernel and bias of one layer, from {@code name/name/…} (Keras 2.1+) or {@code name/…} (older files). */
    private static INDArray[] read(Hdf5Archive a, String[] root, String name, String where) {
        String[] group = concat(root, name);
        List<String> groups;
        try {
            groups = a.getGroups(group);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " has no weights for Keras layer " + name);
        }
        String[] dsGroup = groups.contains(name) ? concat(group, name) : group;
        List<String> sets = a.getDataSets(dsGroup);
        INDArray kernel = null, bias = null;
        for (String s : sets) {
            try {
                INDArray x = a.readDataSet(s, dsGroup).castTo(DataType.FLOAT);
                if (x.rank() >= 2) kernel = x; else bias = x;
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot read " + String.join("/", dsGroup) + "/" + s + " in " + where + ": " + e.getMessage(), e);
            }
        }
        if (kernel == null) throw new IllegalArgumentException(where + " has no kernel for Keras layer " + name);
        return new INDArray[] {kernel, bias};
    }

    private static String[] concat(String[] a, String b) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static IllegalArgumentException mismatch(String where, String name, INDArray got, INDArray want) {
        return new IllegalArgumentException(where + " does not fit the network: Keras layer " + name + " has weights of shape "
                + Arrays.toString(got.shape()) + ", the network needs " + Arrays.toString(want.shape()));
    }
}
