package fastai.kernel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines at the top of a cell that start with {@code %}: {@code %jars path...} (alias
 * {@code %classpath}) adds jars or class folders; {@code dir/*} adds every jar in a folder;
 * {@code %maven} ({@link MavenMagic}) adds artifacts with their dependencies, {@code %loadFromPOM}
 * ({@link PomDependencies}) those a pom declares; {@code %lsmagic} lists them.
 */
final class Magics {
    record Parsed(List<String> lines, String code, int codeLineOffset) { }

    /** What %lsmagic prints. */
    static final String LIST = """
            Magics (lines at the top of a cell):
              %maven group:artifact:version...  adds libraries with their dependencies (Maven Central, cached in ~/.m2)
              %loadFromPOM path/to/pom.xml      adds the dependencies a pom declares, with theirs (as %maven)
              %jars path...                     adds jars or class folders; dir/* adds every jar in a folder
              %classpath path...                the same as %jars
              %lsmagic                          this list
            And: Name? (e.g. Math.max?) shows the documentation of Name.
            """;

    private Magics() { }

    /** Splits off the magic lines at the top of a cell (blank lines before them are skipped). */
    static Parsed parse(String cell) {
        List<String> magics = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int i = 0;
        while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("%"))) {
            if (!lines[i].isBlank()) magics.add(lines[i].strip());
            i++;
        }
        if (magics.isEmpty()) return new Parsed(List.of(), cell, 0);
        StringBuilder rest = new StringBuilder();
        for (int k = i; k < lines.length; k++) {
            rest.append(lines[k]);
            if (k < lines.length - 1) rest.append('\n');
        }
        return new Parsed(magics, rest.toString(), i);
    }

    /** A path, or a path ending in {@code *} / {@code *.jar} for every jar in a folder; empty if nothing is there. */
    static List<Path> expand(String spec) {
        String s = spec.startsWith("~/") ? System.getProperty("user.home") + spec.substring(1) : spec;
        List<Path> out = new ArrayList<>();
        if (s.endsWith("/*") || s.endsWith("/*.jar")) {
            Path dir = Path.of(s.substring(0, s.lastIndexOf('/'))).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) return out;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
                for (Path p : ds) out.add(p);
            } catch (IOException e) {
                return List.of();
            }
            out.sort(null);
            return out;
        }
        Path p = Path.of(s).toAbsolutePath().normalize();
        if (Files.isDirectory(p) || (Files.isRegularFile(p) && p.toString().endsWith(".jar"))) out.add(p);
        return out;
    }
}
