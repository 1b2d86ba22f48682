package fastai.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the kernel reads from its surroundings, in one place:
 * <ul>
 *   <li>{@code FASTAI_HOME}: the project root (else found from where the kernel's classes are);</li>
 *   <li>the cells' classpath: {@code target/classes} plus {@code target/classpath.txt} (written by
 *       {@code mvn compile}), plus {@code FASTAI_KERNEL_CLASSPATH};</li>
 *   <li>the execution JVM's options: {@code kernel/jvm.options}, then {@code FASTAI_KERNEL_JVM_OPTS};</li>
 *   <li>{@code FASTAI_KERNEL_MAX_OUTPUT}: bytes of text a cell may show per stream.</li>
 * </ul>
 */
record KernelConfig(Path home, List<String> classpath, List<String> jvmOptions, long maxOutput, List<String> warnings) {

    static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Djava.awt.headless=true", "-Xmx8g",
            "-Dorg.bytedeco.javacpp.maxbytes=8G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dorg.slf4j.simpleLogger.log.org.deeplearning4j.optimize.listeners=info",
            "-Dorg.slf4j.simpleLogger.showThreadName=false", "-Dorg.slf4j.simpleLogger.showShortLogName=true");

    static KernelConfig load() {
        List<String> warnings = new ArrayList<>();
        Path home = findHome();
        Set<String> cp = new LinkedHashSet<>();
        Path classes = home.resolve("target/classes");
        Path cpFile = home.resolve("target/classpath.txt");
        if (Files.isDirectory(classes) && Files.isRegularFile(cpFile)) {
            try {
                for (String e : Files.readString(cpFile).trim().split(File.pathSeparator)) if (!e.isBlank()) cp.add(e);
            } catch (IOException e) {
                warnings.add("could not read " + cpFile + ": " + e.getMessage());
            }
            cp.add(classes.toString()); // last: see ClassDataSharing
        } else {
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) if (!e.isBlank()) cp.add(e);
        }
        String extra = System.getenv("FASTAI_KERNEL_CLASSPATH");
        if (extra != null) {
            for (String e : extra.split(File.pathSeparator)) {
                if (e.isBlank()) continue;
                List<Path> found = Magics.expand(e);
                if (found.isEmpty()) warnings.add("FASTAI_KERNEL_CLASSPATH: no such jar or folder: " + e + " (ignored)");
                for (Path p : found) cp.add(p.toString());
            }
        }
        List<String> opts = new ArrayList<>(jvmOptionsFile(home, warnings));
        String envOpts = System.getenv("FASTAI_KERNEL_JVM_OPTS");
        if (envOpts != null && !envOpts.isBlank()) opts.addAll(List.of(envOpts.trim().split("\\s+")));
        long max = 1 << 20;
        String m = System.getenv("FASTAI_KERNEL_MAX_OUTPUT");
        if (m != null && !m.isBlank()) {
            try { max = Long.parseLong(m.trim()); } catch (NumberFormatException e) { warnings.add("FASTAI_KERNEL_MAX_OUTPUT is not a number: " + m); }
        }
        return new KernelConfig(home, List.copyOf(cp), List.copyOf(opts), max, warnings);
    }

    /** The project root: FASTAI_HOME, else the folder above target/classes that holds this class. */
    static Path findHome() {
        String h = System.getenv("FASTAI_HOME");
        if (h == null || h.isBlank()) h = System.getProperty("fastai.home");
        if (h != null && !h.isBlank()) return Path.of(h).toAbsolutePath().normalize();
        try {
            Path p = Path.of(KernelConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (p.endsWith(Path.of("target", "classes"))) return p.getParent().getParent();
        } catch (Exception ignored) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }

    /** kernel/jvm.options: one option a line, # starts a comment; the defaults when it is missing. */
    static List<String> jvmOptionsFile(Path home, List<String> warnings) {
        Path f = home.resolve("kernel/jvm.options");
        if (!Files.isRegularFile(f)) return DEFAULT_JVM_OPTIONS;
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!s.isEmpty()) out.add(s);
            }
            return out;
        } catch (IOException e) {
            warnings.add("could not read " + f + ": " + e.getMessage() + "; using the default JVM options");
            return DEFAULT_JVM_OPTIONS;
        }
    }

    String classpathString() { return String.join(File.pathSeparator, classpath); }
}
