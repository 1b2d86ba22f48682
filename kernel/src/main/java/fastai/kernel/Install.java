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
import java.util.concurrent.TimeUnit;

/**
 * Installs the kernelspec {@code fastai-java} ("Java (fast.ai course)"). Idempotent: a second run
 * with nothing changed writes nothing. Run after {@code mvn compile}:
 * <pre>java -cp target/classes:$(cat target/classpath.txt) fastai.kernel.Install [--dir DATA_DIR] [--no-cds]</pre>
 * <ul>
 *   <li>{@code --dir DATA_DIR}: install into DATA_DIR/kernels/fastai-java (a folder on JUPYTER_PATH);
 *       default: the user's Jupyter data folder (JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter or
 *       ~/.local/share/jupyter).</li>
 *   <li>Also builds target/fastai-kernel.jsa, a class-data-sharing archive of the classes a kernel
 *       start needs (about a second less to the first result); {@code --no-cds} skips it.</li>
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
        String classpath = home.resolve("target/classes") + File.pathSeparator + Files.readString(classpathTxt).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path archive = home.resolve("target/fastai-kernel.jsa");

        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m"));
        if (cds) {
            ensureArchive(java, jvm, classpath, archive);
            if (Files.isRegularFile(archive)) {
                jvm.add("-XX:SharedArchiveFile=" + archive);
                jvm.add("-Xshare:auto");
                jvm.add("-Xlog:cds=off");
                jvm.add("-Xlog:cds+dynamic=off");
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

    /**
     * Builds the CDS archive by running a kernel warm-up with -XX:ArchiveClassesAtExit, unless an
     * archive made for the same JVM and the same jars (names, sizes, dates) is already there.
     */
    static void ensureArchive(String java, List<String> jvm, String classpath, Path archive) throws Exception {
        Path stampFile = archive.resolveSibling(archive.getFileName() + ".stamp");
        String stamp = stamp(java, jvm, classpath);
        if (Files.isRegularFile(archive) && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) return;
        System.out.println("building " + archive + " (runs one kernel warm-up, about 10 s)...");
        Files.deleteIfExists(archive);
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        cmd.add("-XX:ArchiveClassesAtExit=" + archive);
        cmd.add("-Xlog:cds=off");
        cmd.add("-Xlog:cds+dynamic=off");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("fastai.kernel.Main");
        cmd.add("--warmup");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            System.err.println("warning: the warm-up did not finish in 300 s; installing without the archive");
            return;
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
            System.err.println("warning: could not build the archive (exit " + p.exitValue() + "); installing without it");
            Files.deleteIfExists(archive);
            return;
        }
        writeAtomically(stampFile, stamp);
    }

    private static String stamp(String java, List<String> jvm, String classpath) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(java).append('\n').append(System.getProperty("java.vm.version")).append('\n').append(jvm).append('\n');
        for (String e : classpath.split(File.pathSeparator)) {
            Path p = Path.of(e);
            sb.append(e);
            if (Files.isRegularFile(p)) sb.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            sb.append('\n');
        }
        return sb.toString();
    }
}
