package fastai;

import java.util.List;
import java.util.Map;

import fastai.display.Renderable;
import fastai.display.Renderers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The course's {@code vgg.test(path)}: the probability rows for every image of an unlabelled
 * folder, in the same order as {@link #files()}.
 */
public final class TestResult implements Renderable {
    private final INDArray probabilities;
    private final List<String> files;
    private final List<String> classes;

    public TestResult(INDArray probabilities, List<String> files, List<String> classes) {
        if (probabilities.size(0) != files.size()) {
            throw new IllegalArgumentException(probabilities.size(0) + " rows of probabilities but " + files.size() + " files");
        }
        this.probabilities = probabilities;
        this.files = List.copyOf(files);
        this.classes = List.copyOf(classes);
    }

    /** [N, numClasses]; row i belongs to {@code files().get(i)}. */
    public INDArray probabilities() { return probabilities; }
    /** File names relative to the test folder ({@code unknown/12.png}), natural order. */
    public List<String> files() { return files; }
    public List<String> classes() { return classes; }
    public int size() { return files.size(); }

    /** The same numbers as {@link Predictions}, e.g. to look at the top classes. */
    public Predictions predictions() { return new Predictions(probabilities, classes, files); }

    @Override public Map<String, String> mimeBundle() {
        int n = Math.min(10, size());
        Predictions head = new Predictions(probabilities.get(NDArrayIndex.interval(0, n),
                NDArrayIndex.all()), classes, files.subList(0, n));
        Map<String, String> m = Renderers.render(head.table().setName("first " + n + " of " + size() + " test images"));
        return m;
    }

    @Override public String toString() {
        return "TestResult: " + size() + " images x " + classes.size() + " classes " + classes;
    }
}
