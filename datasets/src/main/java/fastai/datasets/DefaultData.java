package fastai.datasets;

import fastai.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import fastai.io.DataException;
import fastai.models.ImageNetClasses;

/**
 * Where the default data lives under {@link Config#dataDir()}, each checked before use: a folder
 * that is missing or half-made gives a one-line message with the command that makes it.
 */
public final class DefaultData {
    /** The command that makes the default data, for messages. */
    public static final String MAKE_COMMAND = "datasets/setup.sh";

    private DefaultData() { }

    /** Sneaker vs ankle boot in the dogscats layout (train/valid/test/sample). */
    public static Path fashion2() { return require("fashion2"); }

    /** The other eight Fashion-MNIST classes, train/ and valid/, for pretraining a base net. */
    public static Path fashion8() { return require("fashion8"); }

    /** The MNIST IDX files; load them with {@link Mnist#train()} and {@link Mnist#test()}. */
    public static Path mnist() { return require("mnist"); }

    /** The 1000 ImageNet class names, one a line in index order. */
    public static Path imagenetClasses() {
        Path f = Config.dataDir().resolve(ImageNetClasses.FILE_NAME);
        if (!Files.isRegularFile(f)) {
            throw new DataException("the ImageNet class names are not made yet (" + f + " is missing): run `"
                    + MAKE_COMMAND + "` from the project root");
        }
        return f;
    }

    /** The real Kaggle dogs-vs-cats data, organized by {@link KaggleDogsCats}. */
    public static Path dogscats() {
        Path p = Config.dataDir().resolve("dogscats");
        if (!AtomicFolder.isComplete(p)) {
            throw new DataException("the Kaggle dogs-vs-cats data is not at " + p + ": download it from Kaggle"
                    + " (competition dogs-vs-cats) and run `" + KaggleDogsCats.COMMAND + "`");
        }
        return p;
    }

    /** True when {@code name} (fashion2, fashion8, mnist, dogscats) is made under the data folder. */
    public static boolean has(String name) {
        return AtomicFolder.isComplete(Config.dataDir().resolve(name));
    }

    private static Path require(String name) {
        Path p = Config.dataDir().resolve(name);
        if (!AtomicFolder.isComplete(p)) {
            String state = Files.exists(p) ? "is incomplete" : "is missing";
            throw new DataException("the default data is not made yet (" + p + " " + state + "): run `"
                    + MAKE_COMMAND + "` from the project root");
        }
        return p;
    }
}
