package fastai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fastai.display.Renderable;
import fastai.display.Renderers;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a model says about some images: the full probability rows plus, per image, the most
 * likely class with its probability (and the runners-up). Shows itself as a small table.
 */
public final class Predictions implements Renderable {
    private final INDArray probabilities;
    private final List<String> classes;
    private final List<String> names;

    /** {@code probabilities} [N, classes]; {@code names} labels each row (file names) or is null. */
    public Predictions(INDArray probabilities, List<String> classes, List<String> names) {
        if (probabilities.rank() != 2 || probabilities.size(1) != classes.size()) {
            throw new IllegalArgumentException("probabilities of shape " + Arrays.toString(probabilities.shape())
                    + " do not match " + classes.size() + " classes");
        }
        this.probabilities = probabilities;
        this.classes = List.copyOf(classes);
        this.names = names == null ? null : List.copyOf(names);
    }

    /** The probability rows, [N, numClasses], in the order of the images. */
    public INDArray probabilities() { return probabilities; }
    public List<String> classes() { return classes; }
    /** Row labels (file names) if known, else null. */
    public List<String> names() { return names; }
    public int size() { return (int) probabilities.size(0); }

    /** Index of the most likely class, per image. */
    public int[] indices() { return OneHot.decode(probabilities); }

    /** Name of the most likely class, per image. */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (int i : indices()) out.add(classes.get(i));
        return out;
    }

    /** Probability of the most likely class, per image. */
    public double[] confidences() {
        return probabilities.max(1).castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** The {@code k} most likely class indices of image {@code row}, best first. */
    public int[] topIndices(int row, int k) {
        double[] p = probabilities.getRow(row).castTo(DataType.DOUBLE).toDoubleVector();
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
        int[] out = new int[Math.min(k, idx.length)];
        for (int i = 0; i < out.length; i++) out[i] = idx[i];
        return out;
    }

    /** Fraction of images whose top class equals {@code trueIndices}. */
    public double accuracy(int[] trueIndices) {
        int[] pred = indices();
        if (trueIndices.length != pred.length) throw new IllegalArgumentException(pred.length + " predictions but " + trueIndices.length + " labels");
        int ok = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == trueIndices[i]) ok++;
        return pred.length == 0 ? Double.NaN : (double) ok / pred.length;
    }

    /** One row per image: its name (if known), top class, probability, and the next two guesses. */
    public Table table() {
        StringColumn img = StringColumn.create("image");
        StringColumn cls = StringColumn.create("class");
        DoubleColumn prob = DoubleColumn.create("probability");
        StringColumn next = StringColumn.create("next best");
        for (int r = 0; r < size(); r++) {
            int[] top = topIndices(r, 3);
            img.append(names != null ? names.get(r) : String.valueOf(r));
            cls.append(classes.get(top[0]));
            prob.append(Math.round(probabilities.getDouble(r, top[0]) * 10000) / 10000.0);
            StringBuilder sb = new StringBuilder();
            for (int j = 1; j < top.length; j++) {
                if (j > 1) sb.append(", ");
                sb.append(classes.get(top[j])).append(String.format(Locale.ROOT, " %.3f", probabilities.getDouble(r, top[j])));
            }
            next.append(sb.toString());
        }
        Table t = Table.create("predictions", img, cls, prob);
        if (classes.size() > 2) t.addColumns(next);
        return t;
    }

    @Override public Map<String, String> mimeBundle() { return Renderers.render(table()); }

    @Override public String toString() { return table().print(); }
}
