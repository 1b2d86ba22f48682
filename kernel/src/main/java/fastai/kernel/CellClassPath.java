package fastai.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cells' class path: the configured one ({@code target/classes} and {@code target/classpath.txt})
 * and the jars %jars, %maven and %loadFromPOM added, which every later session keeps.
 */
final class CellClassPath {
    private final List<String> configured;
    private final List<String> added = new ArrayList<>();

    CellClassPath(List<String> configured) { this.configured = List.copyOf(configured); }

    /** Everything on it now, configured first. */
    synchronized List<String> all() {
        List<String> cp = new ArrayList<>(configured);
        cp.addAll(added);
        return cp;
    }

    /**
     * Adds jars to the session's class path (and to every later session's). A jar already there is
     * skipped; a different version of a library already there is added with a warning, since the
     * classes of the one earlier on the class path win. {@code notes} gets what was added and skipped.
     */
    synchronized void add(JavaSession s, String magic, List<Path> jars, boolean shortNames, Consumer<String> notes) {
        List<String> present = all();
        Map<String, String> versions = new HashMap<>();
        for (String e : present) {
            String[] a = MavenMagic.artifactOf(Path.of(e));
            if (a != null) versions.putIfAbsent(a[0], a[1]);
        }
        List<String> addedNow = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path jar : jars) {
            String p = jar.toAbsolutePath().normalize().toString();
            String shown = shortNames ? jar.getFileName().toString() : p;
            String[] a = MavenMagic.artifactOf(jar);
            String there = a == null ? null : versions.get(a[0]);
            if (present.contains(p) || (there != null && there.equals(a[1]))) {
                skipped.add(shown);
                continue;
            }
            if (there != null) {
                notes.accept("warning: " + magic + ": adding " + a[2] + " " + a[1] + ", but " + a[2] + " " + there
                        + " is already on the class path; its classes come first, so " + a[1] + " may not be used\n");
            }
            s.js.addToClasspath(p);
            if (!added.contains(p)) added.add(p);
            present.add(p);
            if (a != null) versions.putIfAbsent(a[0], a[1]);
            addedNow.add(shown);
        }
        if (!addedNow.isEmpty()) notes.accept("added to the classpath: " + String.join(", ", addedNow) + "\n");
        if (!skipped.isEmpty()) notes.accept("already on the classpath: " + String.join(", ", skipped) + "\n");
    }
}
