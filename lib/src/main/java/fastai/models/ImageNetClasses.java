package fastai.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import fastai.Config;

/** The 1000 ImageNet class names in Keras' output order, read from {@code data/imagenet_classes.txt}. */
public final class ImageNetClasses {
    public static final int COUNT = 1000;
    /** The file name under {@code Config.dataDir()}; {@code fastai.datasets.MakeImageNetClasses} writes it. */
    public static final String FILE_NAME = "imagenet_classes.txt";

    private ImageNetClasses() { }

    /** Where the names are expected: {@code Config.dataDir()/imagenet_classes.txt}, one per line. */
    public static Path file() { return Config.dataDir().resolve(FILE_NAME); }

    public static boolean present() { return Files.isRegularFile(file()); }

    /** The names from {@link #file()}; a missing or short file is a one-line error naming it. */
    public static List<String> load() { return load(file()); }

    public static List<String> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ImageNet class names not found: " + file.toAbsolutePath()
                    + " (the data setup writes it; one name per line, Keras order)");
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (!t.isEmpty()) names.add(t);
            }
            if (names.size() != COUNT) {
                throw new IllegalArgumentException(file.toAbsolutePath() + " has " + names.size() + " class names, expected " + COUNT);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The names if the file is there, else placeholders {@code class_0 … class_999}. */
    public static List<String> loadOrPlaceholders() {
        if (present()) return load();
        List<String> names = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) names.add("class_" + i);
        return names;
    }

    /** The first of a class's synonyms: "great white shark, white shark, ..." gives "great white shark". */
    public static String shortName(String name) {
        int c = name.indexOf(',');
        return c < 0 ? name : name.substring(0, c);
    }
}
