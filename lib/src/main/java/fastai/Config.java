package fastai;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;

/**
 * Where things are and how much work to do. One place for the quick-mode switch and the data
 * folders, so that every notebook, test and tool agrees.
 *
 * <ul>
 *   <li>{@code FASTAI_QUICK=1}: quick mode (CI): same code path, less data and fewer epochs.</li>
 *   <li>{@code FASTAI_HOME}: the project root (the kernel sets it); defaults to the first folder
 *       upwards from the working directory that holds {@code pom.xml}.</li>
 *   <li>{@code FASTAI_DATA}: the data root; defaults to {@code $FASTAI_HOME/data}.</li>
 *   <li>{@code FASTAI_RESULTS}: where notebooks write what they make (submission CSVs, GIFs,
 *       workbooks); defaults to {@code $FASTAI_HOME/results}.</li>
 * </ul>
 */
public final class Config {
    private Config() { }

    /**
     * True in quick mode: {@code FASTAI_QUICK=1} (or {@code true}); where that variable is not set,
     * the system property {@code fastai.quick=true} (what a plain {@code mvn test} sets, so it tests
     * the same thing as {@code ./fastai test}). An explicit {@code FASTAI_QUICK=0} always means full mode.
     */
    public static boolean quick() {
        return quick(System.getenv("FASTAI_QUICK"), System.getProperty("fastai.quick"));
    }

    static boolean quick(String env, String property) {
        if (env != null && !env.isBlank()) return "1".equals(env.strip()) || "true".equalsIgnoreCase(env.strip());
        return "true".equalsIgnoreCase(property);
    }

    /** Picks the quick value in quick mode and the full value otherwise. */
    public static int quickOr(int quickValue, int fullValue) {
        return quick() ? quickValue : fullValue;
    }

    public static Path home() {
        String h = firstSet(System.getProperty("fastai.home"), System.getenv("FASTAI_HOME"));
        if (h != null) return Path.of(h).toAbsolutePath();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("notebooks"))) return p;
        }
        return Path.of("").toAbsolutePath();
    }

    public static Path dataDir() {
        String d = firstSet(System.getProperty("fastai.data"), System.getenv("FASTAI_DATA"));
        return d != null ? Path.of(d).toAbsolutePath() : home().resolve("data");
    }

    /** Cached models (the pretrained base net, downloaded weights). */
    public static Path modelsDir() {
        return dataDir().resolve("models");
    }

    /** Where notebooks write their products; created on first use. */
    public static Path resultsDir() {
        String d = firstSet(System.getProperty("fastai.results"), System.getenv("FASTAI_RESULTS"));
        Path p = d != null ? Path.of(d).toAbsolutePath() : home().resolve("results");
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the results folder " + p + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) return a;
        if (b != null && !b.isBlank()) return b;
        return null;
    }

    /**
     * Caps the threads ND4J's native code uses (its OpenMP pool and OpenBLAS). With small
     * matrices (the char RNNs, the collaborative-filtering nets), and on a machine whose cores are
     * busy with other work, the default (one spinning thread per core) can make each step many
     * times slower; one thread also makes the timing comparable with single-threaded code. Same effect as
     * starting the JVM with {@code OMP_NUM_THREADS=n}, but it can be done from a running notebook.
     */
    public static void limitThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads is " + n + ": must be at least 1");
        Nd4j.factory().blas().setMaxThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    }
}
