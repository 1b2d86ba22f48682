package fastai;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import tech.tablesaw.api.Table;
import fastai.display.Plots;
import fastai.io.ArrayFiles;
import fastai.io.Download;
import fastai.lesson2.ConfusionMatrix;
import fastai.models.MiniVgg;
import fastai.models.Vgg16;

/**
 * The course's helpers ({@code utils.py}) in one place, for {@code import static fastai.Utils.*;}.
 * Each verb is a one-line hand-off to the class that does the work: {@link Batches},
 * {@link ArrayFiles}, {@link OneHot}, {@link Plots}, {@link Submission}, {@link Download},
 * {@link ConfusionMatrix}. The models are {@link Vgg16} and {@link MiniVgg}.
 */
public final class Utils {
    private Utils() { }

    // ---- batches ------------------------------------------------------------------------

    /** Fresh {@link BatchOptions} with the course's defaults (224x224 colour, batch 64, shuffled, labelled). */
    public static BatchOptions opts() { return BatchOptions.defaults(); }

    /** Batches of a folder of class folders with the default options. */
    public static Batches getBatches(String path) { return getBatches(Path.of(path), opts()); }
    public static Batches getBatches(Path path) { return getBatches(path, opts()); }

    /** Batches of a folder of class folders, {@code batchSize} images at a time. */
    public static Batches getBatches(String path, int batchSize) { return getBatches(Path.of(path), opts().batchSize(batchSize)); }
    public static Batches getBatches(Path path, int batchSize) { return getBatches(path, opts().batchSize(batchSize)); }

    /** Batches with every option spelled out, e.g. {@code opts().size(28, 28).channels(1).unlabelled()}. */
    public static Batches getBatches(String path, BatchOptions options) { return getBatches(Path.of(path), options); }
    public static Batches getBatches(Path path, BatchOptions options) { return Batches.open(path, options); }

    // ---- arrays -------------------------------------------------------------------------

    /** Saves one array (NumPy .npy format, exact, atomic); returns the file. */
    public static Path saveArray(String file, INDArray array) { return ArrayFiles.save(Path.of(file), array); }
    public static Path saveArray(Path file, INDArray array) { return ArrayFiles.save(file, array); }

    /** Loads an array saved by {@link #saveArray}. */
    public static INDArray loadArray(String file) { return ArrayFiles.load(Path.of(file)); }
    public static INDArray loadArray(Path file) { return ArrayFiles.load(file); }

    /** Class indices to one-hot rows (float), as many columns as the largest label + 1. */
    public static INDArray onehot(int[] labels) { return OneHot.encode(labels); }
    public static INDArray onehot(int[] labels, int numClasses) { return OneHot.encode(labels, numClasses); }
    public static INDArray onehot(INDArray labels) { return OneHot.encode(labels); }
    public static INDArray onehot(INDArray labels, int numClasses) { return OneHot.encode(labels, numClasses); }

    // ---- plots --------------------------------------------------------------------------

    /** A grid of an image batch [N, C, H, W], titled, in {@code rows} rows. */
    public static BufferedImage plots(INDArray images, List<String> titles, int rows) { return Plots.grid(images, titles, rows); }
    public static BufferedImage plots(INDArray images, List<String> titles) { return Plots.grid(images, titles, 1); }
    public static BufferedImage plots(INDArray images) { return Plots.grid(images, null, 1); }

    /** A batch of labelled images titled with their class names. */
    public static BufferedImage plots(DataSet batch, List<String> classes) { return Plots.grid(batch, classes, 1); }
    public static BufferedImage plots(DataSet batch, List<String> classes, int rows) { return Plots.grid(batch, classes, rows); }

    /** Image files in a grid (titles default to the file names). */
    public static BufferedImage plotFiles(List<Path> files, List<String> titles, int rows) { return Plots.gridOfFiles(files, titles, rows); }
    public static BufferedImage plotFiles(List<Path> files) { return Plots.gridOfFiles(files, null, 1); }

    /** A simple line chart (display it, or add series to it). */
    public static XYChart plotChart(String title, double[] x, double[] y) {
        XYChart c = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title).build();
        c.addSeries(title.isEmpty() ? "y" : title, x, y);
        return c;
    }

    /** Counts of true class (rows) against predicted class (columns); shows itself as a heat map and a table. */
    public static ConfusionMatrix confusionMatrix(int[] truth, int[] predicted, List<String> classes) {
        return ConfusionMatrix.of(truth, predicted, classes);
    }

    // ---- models -------------------------------------------------------------------------

    /**
     * The lesson's pretrained network: VGG16 with ImageNet weights when its weights file is at
     * {@link Vgg16#defaultWeights()}, otherwise the MiniVgg base net pretrained on fashion8
     * (trained once and cached). Both answer the same verbs.
     */
    public static CourseModel pretrainedModel() {
        return Vgg16.weightsPresent() ? Vgg16.load() : MiniVgg.pretrained();
    }

    // ---- submission and downloads -------------------------------------------------------

    /** Writes Kaggle's {@code id,label} CSV (probability of the second class, clipped to 0.02..0.98). */
    public static Table writeSubmission(TestResult result, String csv) { return Submission.write(result, Path.of(csv)); }
    public static Table writeSubmission(TestResult result, Path csv) { return Submission.write(result, csv); }
    public static Table writeSubmission(TestResult result, Path csv, double clip) { return Submission.write(result, csv, clip); }

    /** Downloads {@code url} to {@code file}, resumable, checked against a SHA-256. */
    public static Path download(String url, Path file, String sha256) { return Download.fetch(url, file, sha256); }
}
