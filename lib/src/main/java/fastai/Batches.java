package fastai;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.datavec.api.io.labels.PathLabelGenerator;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.recordreader.ImageRecordReader;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import fastai.io.ImageCheck;
import fastai.io.ImageDecoder;
import fastai.io.NaturalOrder;
import java.nio.file.FileVisitOption;
import java.util.HashSet;
import java.util.NoSuchElementException;

/**
 * A folder of images served in mini-batches: the Java twin of the course's {@code get_batches}.
 * A labelled folder has one sub-folder per class ({@code train/cats/…}, {@code train/dogs/…});
 * classes are the sub-folder names in alphabetical order and labels are one-hot rows in that
 * order. Images in folders below a class folder ({@code cats/more/x.jpg}) belong to that class,
 * as in Keras' {@code flow_from_directory}; hidden folders ({@code .ipynb_checkpoints}) are skipped.
 * Every image is checked when the folder is opened ({@link ImageCheck#quick}: empty, truncated,
 * HTML saved as JPEG …): one error lists every bad file before training starts, or, with
 * {@link BatchOptions#skipBad()}, a warning lists them and they are left out. An unlabelled folder (a Kaggle test folder) is read recursively and in file-name order,
 * so row {@code i} of any prediction belongs to {@code files().get(i)}.
 *
 * <p>Decoding, resizing and batching are DataVec's ({@link ImageRecordReader} with our
 * {@link ImageDecoder}, wrapped in a {@link RecordReaderDataSetIterator}). Pixel
 * values are 0..255 (16-bit images are scaled down); colour images come in DataVec's (OpenCV's) BGR channel order, NCHW layout.
 */
public final class Batches implements DataSetIterator {
    private final Path root;
    private final BatchOptions opts;
    private final List<String> classes;
    private final List<Path> sortedFiles;
    private final ShuffledSplit split;
    private final RecordReaderDataSetIterator iterator;
    private DataSetPreProcessor preprocessor;
    private int cursor;
    private List<Path> lastFiles = List.of();

    private Batches(Path root, BatchOptions opts, List<String> classes, List<Path> files) {
        this.root = root;
        this.opts = opts.copy();
        this.classes = List.copyOf(classes);
        this.sortedFiles = List.copyOf(files);
        this.preprocessor = opts.preprocessor();
        this.split = new ShuffledSplit(files, opts.shuffle(), opts.seed());
        ImageRecordReader reader = new Reader(opts, opts.labelled() ? new ClassFolderLabels(root) : null);
        try {
            reader.initialize(split);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the images in " + root + ": " + e.getMessage(), e);
        }
        if (opts.labelled() && !reader.getLabels().equals(this.classes)) {
            throw new IllegalStateException("DataVec found classes " + reader.getLabels() + " in " + root
                    + " but the folders are " + this.classes);
        }
        this.iterator = opts.labelled()
                ? new RecordReaderDataSetIterator(reader, opts.batchSize(), 1, classes.size())
                : new RecordReaderDataSetIterator(reader, opts.batchSize());
    }

    /** Opens {@code dir} with {@code opts}; a missing folder, no classes or empty classes give a one-line error. */
    public static Batches open(Path dir, BatchOptions opts) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root)) throw new IllegalArgumentException("image folder not found: " + root);
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("not a folder: " + root);
        Figures.used("data", root);
        if (opts.labelled()) {
            List<Path> classDirs = listDirs(root);
            if (classDirs.isEmpty()) {
                long loose = listImages(root, false).size();
                throw new IllegalArgumentException("no class folders in " + root
                        + (loose > 0 ? " (it holds " + loose + " images directly; use unlabelled() for a test folder)"
                                     : " (expected one sub-folder of images per class)"));
            }
            List<String> classes = new ArrayList<>();
            List<List<Path>> perClass = new ArrayList<>();
            for (Path c : classDirs) {
                // images in sub-folders of a class folder belong to the class, as in Keras' flow_from_directory
                List<Path> imgs = listImages(c, true);
                if (imgs.isEmpty()) throw new IllegalArgumentException("class folder has no images: " + c);
                classes.add(c.getFileName().toString());
                perClass.add(sample(imgs, opts.limit(), opts.seed()));   // only the images used are checked
            }
            Set<Path> bad = new HashSet<>(badImages(root, perClass.stream().flatMap(List::stream).toList(), opts.skippingBad()));
            List<Path> files = new ArrayList<>();
            for (int k = 0; k < classes.size(); k++) {
                List<Path> imgs = new ArrayList<>(perClass.get(k));
                imgs.removeIf(bad::contains);
                if (imgs.isEmpty()) {
                    throw new IllegalArgumentException("class folder has no usable images: " + root.resolve(classes.get(k)));
                }
                files.addAll(imgs);
            }
            return new Batches(root, opts, classes, files);
        } else {
            List<Path> files = listImages(root, true);
            if (files.isEmpty()) throw new IllegalArgumentException("no images in " + root);
            files = new ArrayList<>(sample(files, opts.limit(), opts.seed()));
            Set<Path> bad = new HashSet<>(badImages(root, files, opts.skippingBad()));
            files.removeIf(bad::contains);
            if (files.isEmpty()) throw new IllegalArgumentException("no usable images in " + root);
            return new Batches(root, opts, List.of(), files);
        }
    }

    /**
     * The images that {@link ImageCheck#quick} finds unusable. Checked once, when the folder is
     * opened (so before any training): either an error listing every one, or, with
     * {@code skipBad}, a warning listing them, and they are left out.
     */
    private static List<Path> badImages(Path root, List<Path> files, boolean skipBad) {
        List<ImageCheck.Problem> problems = ImageCheck.quick(files);
        if (problems.isEmpty()) return List.of();
        if (!skipBad) {
            throw new IllegalArgumentException(ImageCheck.message(root, problems, files.size(),
                    "fix or delete them, or open the folder with opts().skipBad() to leave them out"));
        }
        System.err.println("warning: " + ImageCheck.message(root, problems, files.size(), "left out: skipBad() is on"));
        return problems.stream().map(ImageCheck.Problem::file).toList();
    }

    public static Batches open(String dir, BatchOptions opts) { return open(Path.of(dir), opts); }

    /** The same folder and options with a different preprocessing step (null for none). */
    public Batches withPreprocessor(DataSetPreProcessor p) {
        return open(root, opts.copy().preprocessor(p));
    }

    /** The same folder with changed options (size, shuffle, …), e.g. {@code b.with(b.options().shuffle(false))}. */
    public Batches with(BatchOptions newOptions) { return open(root, newOptions); }

    // ---- what it holds -------------------------------------------------------------------

    public Path path() { return root; }
    /** A copy of the options it was opened with. */
    public BatchOptions options() { return opts.copy(); }
    /** Class names (sub-folder names, sorted); empty for an unlabelled folder. */
    public List<String> classes() { return classes; }
    public int numClasses() { return classes.size(); }
    public boolean labelled() { return opts.labelled(); }
    public boolean shuffled() { return opts.shuffle(); }
    /** Number of images. */
    public int count() { return sortedFiles.size(); }
    /** Number of batches per pass. */
    public int numBatches() { return (count() + opts.batchSize() - 1) / opts.batchSize(); }
    public int height() { return opts.height(); }
    public int width() { return opts.width(); }
    public int channels() { return opts.channels(); }

    /**
     * File names relative to the folder ({@code cats/cat.1.jpg}, {@code unknown/12.jpg}), in the
     * order of the current pass; with shuffling off that is natural name order and the order of
     * every prediction made from these batches.
     */
    public List<String> files() {
        List<String> names = new ArrayList<>(sortedFiles.size());
        for (Path p : paths()) names.add(root.relativize(p).toString().replace(File.separatorChar, '/'));
        return names;
    }

    /** Full paths, in the order of the current pass. */
    public List<Path> paths() { return split.order(); }

    /** The files of the batch last returned by {@link #next()}. */
    public List<Path> lastFiles() { return lastFiles; }

    /** Class index of each file in the current pass order (labelled folders only). */
    public int[] labelIndices() {
        if (!labelled()) throw new IllegalStateException(root + " is unlabelled: it has no classes");
        List<Path> order = paths();
        int[] idx = new int[order.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = classes.indexOf(root.relativize(order.get(i)).getName(0).toString());
        return idx;
    }

    // ---- DataSetIterator -----------------------------------------------------------------

    @Override public boolean hasNext() { return cursor < count(); }

    @Override public DataSet next() { return next(opts.batchSize()); }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) throw new NoSuchElementException("no more batches in " + root + "; call reset()");
        List<Path> order = split.order();
        int end = Math.min(cursor + num, order.size());
        List<Path> batchFiles = order.subList(cursor, end);
        DataSet ds;
        try {
            ds = iterator.next(num);
        } catch (RuntimeException e) {
            throw unreadable(batchFiles, e);
        }
        cursor = end;
        lastFiles = List.copyOf(batchFiles);
        if (!opts.labelled()) ds.setLabels(null);
        if (preprocessor != null) preprocessor.preProcess(ds);
        return ds;
    }

    /** Starts a new pass (reshuffled when shuffling is on). */
    @Override
    public void reset() {
        split.reshuffle();
        iterator.reset();
        cursor = 0;
        lastFiles = List.of();
    }

    @Override public int inputColumns() { return opts.height() * opts.width() * opts.channels(); }
    @Override public int totalOutcomes() { return classes.size(); }
    @Override public boolean resetSupported() { return true; }
    /** False: batches are read on the caller's thread, so {@link #files()} stays in step. */
    @Override public boolean asyncSupported() { return false; }
    @Override public int batch() { return opts.batchSize(); }
    @Override public void setPreProcessor(DataSetPreProcessor p) { this.preprocessor = p; }
    @Override public DataSetPreProcessor getPreProcessor() { return preprocessor; }
    @Override public List<String> getLabels() { return classes; }

    @Override public String toString() {
        return "Batches " + root + ": " + count() + " images"
                + (labelled() ? " in " + classes.size() + " classes " + classes : " (unlabelled)")
                + ", " + opts.height() + "x" + opts.width() + "x" + opts.channels()
                + ", batch " + opts.batchSize() + (opts.shuffle() ? ", shuffled" : "") + (opts.transform() != null ? ", augmented" : "");
    }

    // ---- helpers -------------------------------------------------------------------------

    /** Finds which file of a failed batch cannot be decoded, and names it. */
    private RuntimeException unreadable(List<Path> batchFiles, RuntimeException cause) {
        NativeImageLoader loader = new ImageDecoder(opts.height(), opts.width(), opts.channels(), null);
        for (Path f : batchFiles) {
            try {
                loader.asMatrix(f.toFile());
            } catch (Exception | LinkageError e) {
                String m = e.getMessage() != null && e.getMessage().startsWith("cannot read image ")
                        ? e.getMessage().replace('\n', ' ') : "cannot read image " + f + ": " + oneLine(e);
                return new IllegalArgumentException(m, cause);
            }
        }
        return new IllegalStateException("reading a batch from " + root + " failed: " + oneLine(cause), cause);
    }

    private static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }

    /** At most {@code limit} of {@code files} (a seeded random choice), kept in their original order. */
    private static List<Path> sample(List<Path> files, int limit, long seed) {
        if (limit <= 0 || files.size() <= limit) return files;
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) idx.add(i);
        Collections.shuffle(idx, new Random(seed ^ files.size()));
        List<Integer> keep = new ArrayList<>(idx.subList(0, limit));
        Collections.sort(keep);
        List<Path> out = new ArrayList<>(limit);
        for (int i : keep) out.add(files.get(i));
        return out;
    }

    private static List<Path> listDirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static final Set<String> IMAGE_EXTENSIONS = new TreeSet<>();
    static {
        for (String f : NativeImageLoader.ALLOWED_FORMATS) IMAGE_EXTENSIONS.add(f.toLowerCase(Locale.ROOT));
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Image files in {@code dir} (recursively if asked, following no hidden folder such as
     * Jupyter's {@code .ipynb_checkpoints}), in natural order of their relative paths.
     */
    public static List<Path> listImages(Path dir, boolean recursive) {
        try (Stream<Path> s = recursive ? Files.walk(dir, FileVisitOption.FOLLOW_LINKS) : Files.list(dir)) {
            List<Path> files = new ArrayList<>(s.filter(p -> !hiddenBelow(dir, p)).filter(Batches::isImage).filter(Files::isRegularFile).toList());
            files.sort((a, b) -> NaturalOrder.INSTANCE.compare(
                    dir.relativize(a).toString().replace(File.separatorChar, '/'),
                    dir.relativize(b).toString().replace(File.separatorChar, '/')));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hiddenBelow(Path dir, Path p) {
        for (Path part : dir.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    /** DataVec's reader with our {@link ImageDecoder} (8-bit values whatever the file's depth, GIFs, file names in errors). */
    private static final class Reader extends ImageRecordReader {
        Reader(BatchOptions o, PathLabelGenerator labels) {
            super(o.height(), o.width(), o.channels(), labels, o.transform());
            this.imageLoader = new ImageDecoder(o.height(), o.width(), o.channels(), o.transform());
            if (labels == null) this.appendLabel = false;
        }
    }

    /** The label of a file is its class folder: the first folder below the root, however deep the file is. */
    static final class ClassFolderLabels implements PathLabelGenerator {
        private final Path root;

        ClassFolderLabels(Path root) { this.root = root; }

        String label(Path file) { return root.relativize(file.toAbsolutePath().normalize()).getName(0).toString(); }

        @Override public Writable getLabelForPath(String path) { return new Text(label(Path.of(path))); }
        @Override public Writable getLabelForPath(URI uri) { return new Text(label(Path.of(uri))); }
        @Override public boolean inferLabelClasses() { return true; }
    }

    /** A fixed list of files, optionally reshuffled at every reset; DataVec reads them in {@link #order()}. */
    static final class ShuffledSplit extends CollectionInputSplit {
        private final List<Path> files;
        private final boolean shuffle;
        private final Random random;

        ShuffledSplit(List<Path> files, boolean shuffle, long seed) {
            super(toUris(files));
            this.files = List.copyOf(files);
            this.shuffle = shuffle;
            this.random = new Random(seed);
            if (shuffle) reshuffle();
        }

        private static List<URI> toUris(List<Path> files) {
            List<URI> uris = new ArrayList<>(files.size());
            for (Path p : files) uris.add(p.toUri());
            return uris;
        }

        /** New random order for the next pass (no-op without shuffling). */
        void reshuffle() {
            if (!shuffle) return;
            List<Integer> idx = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) idx.add(i);
            Collections.shuffle(idx, random);
            iterationOrder = idx.stream().mapToInt(Integer::intValue).toArray();
        }

        List<Path> order() {
            if (iterationOrder == null) return files;
            List<Path> out = new ArrayList<>(files.size());
            for (int i : iterationOrder) out.add(files.get(i));
            return out;
        }

        /**
         * Restarts reading in the same order. DataVec resets the reader internally (once, after
         * peeking at the first record), so reshuffling happens only in {@link Batches#reset()}.
         */
        @Override public void reset() { }
    }
}
