package fastai.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import fastai.io.DataException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes Fashion-MNIST as PNG files in the folder layout of the course's dogs-vs-cats data, so
 * that the lessons run unchanged on data this machine has.
 *
 * <p><b>fashion2</b>: two look-alike classes, sneaker (label 7) and ankle boot (label 9), the
 * stand-ins for cats and dogs:
 * <pre>
 * fashion2/train/ankle_boot/ankle_boot.&lt;i&gt;.png   fashion2/train/sneaker/sneaker.&lt;i&gt;.png
 * fashion2/valid/ankle_boot/...                    fashion2/valid/sneaker/...
 * fashion2/test/unknown/&lt;n&gt;.png                   (n = 1..2000, shuffled, like Kaggle's test1/N.jpg)
 * fashion2/test_labels.csv                         (id,class: the answer key)
 * fashion2/sample/train/&lt;class&gt;/  sample/valid/&lt;class&gt;/
 * </pre>
 * {@code <i>} is the image's index in the official training set. The official training images of
 * the two classes (6,000 each) are split per class with a seeded shuffle: 1,000 of each to valid,
 * 5,000 to train. The 2,000 official test images of the two classes form test/.
 *
 * <p><b>fashion8</b>: the other eight classes, train/ = their official training images,
 * valid/ = their official test images; used to pretrain a small base net that is then fine-tuned
 * on fashion2, as the course fine-tunes an ImageNet net on dogs and cats.
 */
public final class FashionFolders {
    /** The two classes of fashion2, in DataVec's (alphabetical) label order. */
    public static final List<Integer> FASHION2_LABELS = List.of(FashionMnist.ANKLE_BOOT, FashionMnist.SNEAKER);

    /** The eight classes of fashion8 (Fashion-MNIST label order). */
    public static final List<Integer> FASHION8_LABELS = List.of(0, 1, 2, 3, 4, 5, 6, 8);

    private FashionFolders() { }

    /** Sizes and seed of fashion2. {@link #DEFAULT}: 1000 valid, 100/50 sample per class, seed 2017. */
    public record Fashion2Options(int validPerClass, int sampleTrainPerClass, int sampleValidPerClass, long seed) {
        public static final Fashion2Options DEFAULT = new Fashion2Options(1000, 100, 50, 2017);
    }

    public static boolean makeFashion2(FashionMnist.Images train, FashionMnist.Images test, Path target) {
        return makeFashion2(train, test, target, Fashion2Options.DEFAULT);
    }

    /** Makes fashion2 at {@code target} unless it is already there; true when made. */
    public static boolean makeFashion2(FashionMnist.Images train, FashionMnist.Images test, Path target,
                                       Fashion2Options o) {
        return AtomicFolder.make(target, "fashion2", tmp -> buildFashion2(train, test, tmp, o));
    }

    /** Makes fashion8 at {@code target} unless it is already there; true when made. */
    public static boolean makeFashion8(FashionMnist.Images train, FashionMnist.Images test, Path target) {
        return AtomicFolder.make(target, "fashion8", tmp -> buildFashion8(train, test, tmp));
    }

    record Job(FashionMnist.Images set, int index, Path file) { }

    static void buildFashion2(FashionMnist.Images train, FashionMnist.Images test, Path dir, Fashion2Options o)
            throws IOException {
        Random rnd = new Random(o.seed());
        List<Job> jobs = new ArrayList<>();
        List<Path[]> copies = new ArrayList<>();
        for (int label : FASHION2_LABELS) {
            String name = FashionMnist.CLASSES.get(label);
            List<Integer> idx = indicesOf(train, label);
            if (idx.size() <= o.validPerClass()) {
                throw new DataException("fashion2: only " + idx.size() + " training images of class " + name + " in "
                        + train.source() + ", need more than " + o.validPerClass() + " for the validation split");
            }
            Collections.shuffle(idx, rnd);
            List<Integer> valid = idx.subList(0, o.validPerClass());
            List<Integer> tr = idx.subList(o.validPerClass(), idx.size());
            for (String part : List.of("train", "valid", "sample/train", "sample/valid")) {
                Files.createDirectories(dir.resolve(part).resolve(name));
            }
            for (int i : tr) jobs.add(new Job(train, i, dir.resolve("train").resolve(name).resolve(name + "." + i + ".png")));
            for (int i : valid) jobs.add(new Job(train, i, dir.resolve("valid").resolve(name).resolve(name + "." + i + ".png")));
            // The sample: the first ones of the (already shuffled) train and valid parts.
            for (int i : tr.subList(0, Math.min(o.sampleTrainPerClass(), tr.size()))) {
                String f = name + "." + i + ".png";
                copies.add(new Path[] {dir.resolve("train").resolve(name).resolve(f), dir.resolve("sample/train").resolve(name).resolve(f)});
            }
            for (int i : valid.subList(0, Math.min(o.sampleValidPerClass(), valid.size()))) {
                String f = name + "." + i + ".png";
                copies.add(new Path[] {dir.resolve("valid").resolve(name).resolve(f), dir.resolve("sample/valid").resolve(name).resolve(f)});
            }
        }
        // Test: the official test images of the two classes, numbered 1..n in a seeded shuffled order.
        List<Integer> testIdx = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) if (FASHION2_LABELS.contains(test.label(i))) testIdx.add(i);
        Collections.shuffle(testIdx, new Random(o.seed() + 1));
        Path unknown = dir.resolve("test/unknown");
        Files.createDirectories(unknown);
        StringBuilder csv = new StringBuilder("id,class\n");
        for (int k = 0; k < testIdx.size(); k++) {
            int i = testIdx.get(k);
            jobs.add(new Job(test, i, unknown.resolve((k + 1) + ".png")));
            csv.append(k + 1).append(',').append(FashionMnist.CLASSES.get(test.label(i))).append('\n');
        }
        writeAll(jobs, copies.size(), "fashion2");
        for (Path[] c : copies) Files.copy(c[0], c[1]);
        Files.writeString(dir.resolve("test_labels.csv"), csv, StandardCharsets.UTF_8);
        long perClassTrain = Fs.countFiles(dir.resolve("train/sneaker"));
        long perClassValid = Fs.countFiles(dir.resolve("valid/sneaker"));
        Files.writeString(dir.resolve("README.txt"),
                fashion2Readme(train, test, o, perClassTrain, perClassValid, jobs.size(), testIdx.size()),
                StandardCharsets.UTF_8);
    }

    static void buildFashion8(FashionMnist.Images train, FashionMnist.Images test, Path dir) throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (int label : FASHION8_LABELS) {
            String name = FashionMnist.CLASSES.get(label);
            for (String part : List.of("train", "valid")) {
                FashionMnist.Images set = part.equals("train") ? train : test;
                Path d = dir.resolve(part).resolve(name);
                Files.createDirectories(d);
                for (int i : indicesOf(set, label)) jobs.add(new Job(set, i, d.resolve(name + "." + i + ".png")));
            }
        }
        writeAll(jobs, 0, "fashion8");
        Files.writeString(dir.resolve("README.txt"), fashion8Readme(train, test), StandardCharsets.UTF_8);
    }

    static List<Integer> indicesOf(FashionMnist.Images set, int label) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < set.count(); i++) if (set.label(i) == label) out.add(i);
        return out;
    }

    /** Writes the PNGs on all cores, with a progress line. {@code extra} counts the sample copies. */
    private static void writeAll(List<Job> jobs, int extra, String what) throws IOException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ForkJoinPool pool = new ForkJoinPool(threads);
        try (Progress progress = new Progress(what, jobs.size(), "images")) {
            pool.submit(() -> IntStream.range(0, jobs.size()).parallel().forEach(k -> {
                Job j = jobs.get(k);
                int size = j.set().rows() * j.set().cols();
                try {
                    GrayImages.writePng(j.set().pixels(), j.index() * size, j.set().rows(), j.set().cols(), j.file());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + j.file() + ": " + e.getMessage(), e);
                }
                progress.step();
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            throw new IOException(c);
        } finally {
            // One failed image ends the stream with an exception while other workers may still be writing:
            // wait for them, or the caller's clean-up deletes the temp folder under their feet and leaves it.
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String fashion2Readme(FashionMnist.Images train, FashionMnist.Images test, Fashion2Options o,
                                         long trainPerClass, long validPerClass, int images, int tests) {
        return """
            fashion2: two Fashion-MNIST classes in the layout of the course's dogs-vs-cats data
            ==================================================================================

            The stand-ins for cats and dogs: sneaker (Fashion-MNIST label 7) and ankle boot (label 9),
            two look-alike shoe classes. 28x28 grey PNG files, 0 = black background.

              train/ankle_boot/ train/sneaker/   %d per class
              valid/ankle_boot/ valid/sneaker/   %d per class
              test/unknown/<n>.png               %d images, n = 1..%d in a shuffled order (like Kaggle's test1/N.jpg)
              test_labels.csv                    the answer key for test/: id,class
              sample/train/<class>/              %d per class, copied from train/
              sample/valid/<class>/              %d per class, copied from valid/

            Labels in DataVec's alphabetical order: 0 = ankle_boot, 1 = sneaker.
            train/ and valid/ hold the official TRAINING images of the two classes, split per class with
            a seeded shuffle (seed %d); a file name class.<i>.png gives the image's index i in the
            official training set. test/ holds the official TEST images of the two classes.

            Source: Fashion-MNIST by Zalando Research (https://github.com/zalandoresearch/fashion-mnist),
            MIT licence, as packaged by Debian (dataset-fashion-mnist), read from
              %s
              %s
            Made by fastai.datasets.MakeDefaultData (%d PNG files written).
            """.formatted(trainPerClass, validPerClass, tests, tests, o.sampleTrainPerClass(),
                o.sampleValidPerClass(), o.seed(), train.source(), test.source(), images);
    }

    private static String fashion8Readme(FashionMnist.Images train, FashionMnist.Images test) {
        return """
            fashion8: the eight other Fashion-MNIST classes, for pretraining a base net
            ============================================================================

            Everything but sneaker and ankle boot (those two are fashion2, the lesson's task):
            tshirt_top, trouser, pullover, dress, coat, sandal, shirt, bag. 28x28 grey PNG files.

              train/<class>/<class>.<i>.png   the official training images (6000 per class), i = index there
              valid/<class>/<class>.<i>.png   the official test images (1000 per class), i = index there

            Labels in DataVec's alphabetical order: 0 bag, 1 coat, 2 dress, 3 pullover, 4 sandal,
            5 shirt, 6 trouser, 7 tshirt_top.

            A small VGG-style net trained on these plays the part of the course's ImageNet-trained VGG16:
            it has never seen a sneaker or an ankle boot, and it is then fine-tuned on fashion2.

            Source: Fashion-MNIST by Zalando Research (https://github.com/zalandoresearch/fashion-mnist),
            MIT licence, as packaged by Debian (dataset-fashion-mnist), read from
              %s
              %s
            Made by fastai.datasets.MakeDefaultData.
            """.formatted(train.source(), test.source());
    }
}
