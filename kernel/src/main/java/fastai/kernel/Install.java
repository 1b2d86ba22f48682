package fastai.kernel;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the kernelspec {@code fastai-java} ("Java (fast.ai course)"). Idempotent: a second run
 * with nothing changed writes nothing. Run after {@code mvn compile}:
 * <pre>java -cp target/classes:$(cat target/classpath.txt) fastai.kernel.Install [--dir DATA_DIR] [--no-cds]</pre>
 * <ul>
 *   <li>{@code --dir DATA_DIR}: install into DATA_DIR/kernels/fastai-java (a folder on JUPYTER_PATH);
 *       default: the user's Jupyter data folder (JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter or
 *       ~/.local/share/jupyter).</li>
 *   <li>Also builds class-data-sharing archives in target/ ({@link ClassDataSharing}) for a faster
 *       start; {@code --no-cds} skips them.</li>
 * </ul>
 * The cells' classpath is read from target/classpath.txt at each kernel start, so a changed
 * dependency needs {@code mvn compile}, not a new install. JVM options for the cells are in
 * kernel/jvm.options.
 */
public final class Install {
    static final String NAME = "fastai-java";
    static final String DISPLAY_NAME = "Java (fast.ai course)";

    private Install() { }

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        boolean cds = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dataDir = Path.of(args[++i]).toAbsolutePath();
                case "--no-cds" -> cds = false;
                default -> {
                    System.err.println("usage: Install [--dir DATA_DIR] [--no-cds]");
                    System.exit(2);
                }
            }
        }
        if (dataDir == null) dataDir = userDataDir();
        Path home = KernelConfig.findHome();
        Path classpathTxt = home.resolve("target/classpath.txt");
        if (!Files.isRegularFile(classpathTxt)) {
            System.err.println("error: " + classpathTxt + " is missing: run `mvn -B -q compile` in " + home + " first");
            System.exit(1);
        }
        List<String> jars = new ArrayList<>();
        for (String e : Files.readString(classpathTxt).trim().split(File.pathSeparator)) if (!e.isBlank()) jars.add(e);
        // jars first, the classes folder last: a class-data-sharing archive needs the jars as a prefix
        String classpath = String.join(File.pathSeparator, jars) + File.pathSeparator + home.resolve("target/classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m"));
        if (cds) {
            ClassDataSharing archives = new ClassDataSharing(home, java, jars);
            if (!archives.current()) {
                System.out.println("building class-data-sharing archives in " + home.resolve("target")
                        + " (one kernel warm-up; a faster start)...");
                if (!archives.build(jvm, classpath)) System.err.println("warning: could not build them; the kernel works, it starts slower");
            }
            if (archives.current()) {
                jvm.add("-XX:SharedArchiveFile=" + archives.kernelArchive);
                jvm.addAll(List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
        }
        JsonArray argv = new JsonArray();
        argv.add(java);
        jvm.forEach(argv::add);
        argv.add("-cp");
        argv.add(classpath);
        argv.add("fastai.kernel.Main");
        argv.add("{connection_file}");

        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", DISPLAY_NAME);
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message");
        JsonObject env = new JsonObject();
        env.addProperty("FASTAI_HOME", home.toString());
        // Short OpenBLAS spin-waits: its idle threads otherwise slow the next convolution (fastai.OneDnn).
        env.addProperty("OPENBLAS_THREAD_TIMEOUT", "4");
        // File names decode by the locale (sun.jnu.encoding follows it and cannot be set on Java 17): without a
        // UTF-8 locale (LANG unset, common in containers) a file named chat_été.png is "not found".
        env.addProperty("LC_ALL", "C.UTF-8");
        spec.add("env", env);
        JsonObject meta = new JsonObject();
        meta.addProperty("debugger", false);
        spec.add("metadata", meta);
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";

        Path dir = dataDir.resolve("kernels").resolve(NAME);
        Path file = dir.resolve("kernel.json");
        if (Files.isRegularFile(file) && Files.readString(file).equals(json)) {
            System.out.println("kernel " + NAME + " already installed, unchanged: " + file);
            return;
        }
        Files.createDirectories(dir);
        writeAtomically(file, json);
        System.out.println("installed kernel " + NAME + " (\"" + DISPLAY_NAME + "\"): " + file);
    }

    static Path userDataDir() {
        String d = System.getenv("JUPYTER_DATA_DIR");
        if (d != null && !d.isBlank()) return Path.of(d);
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter");
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".kernel", ".json.tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
