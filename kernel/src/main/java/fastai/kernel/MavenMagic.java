package fastai.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code %maven group:artifact:version...}: resolves the artifacts with their dependencies by
 * running the Maven the project already needs ({@code mvn dependency:build-classpath} on a small
 * generated pom), so the jars come from, and are cached in, the user's local repository
 * (~/.m2). {@code FASTAI_MAVEN_REPOSITORY} replaces Maven Central (a URL, e.g. a file:// folder).
 * Failures become one line: an artifact that is not there, a repository that cannot be reached.
 */
final class MavenMagic {
    static final String REPOSITORY_ENV = "FASTAI_MAVEN_REPOSITORY";
    static final long TIMEOUT_S = 300;
    /** The version the project's own pom uses, so that it is in the local repository already. */
    private static final String PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";
    private static final Pattern COORDS = Pattern.compile("[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-+]+");

    static final class Failure extends Exception {
        Failure(String msg) { super(msg); }
    }

    private volatile Process running;

    /** The jars of the artifacts and of everything they depend on (runtime scope), in Maven's order. */
    List<Path> resolve(List<String> coordinates) throws Failure, InterruptedException {
        if (coordinates.isEmpty()) throw new Failure("%maven needs group:artifact:version, e.g. %maven org.jsoup:jsoup:1.17.2");
        for (String c : coordinates) {
            if (!COORDS.matcher(c).matches()) {
                throw new Failure("%maven: '" + c + "' is not group:artifact:version (e.g. org.jsoup:jsoup:1.17.2)");
            }
        }
        return resolve(coordinates, List.of());
    }

    /**
     * The jars of checked coordinates ({@code g:a:v} or {@code g:a:jar:classifier:v}) and their
     * dependencies, looking also in {@code repositories} (URLs, from a pom read by %loadFromPOM).
     */
    List<Path> resolve(List<String> coordinates, List<String> repositories) throws Failure, InterruptedException {
        String repository = System.getenv(REPOSITORY_ENV);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fastai-maven");
            Files.writeString(dir.resolve("pom.xml"), pom(coordinates, repository, repositories));
            Path classpath = dir.resolve("classpath.txt");
            Path log = dir.resolve("mvn.log");
            // -U: retry what an earlier failure (no network) left marked as missing in ~/.m2
            List<String> cmd = List.of(mvn(), "-B", "-q", "-U", "-Dstyle.color=never", "-f", dir.resolve("pom.xml").toString(), PLUGIN,
                    "-Dmdep.outputFile=" + classpath, "-Dmdep.includeScope=runtime");
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new Failure("%maven needs Maven: 'mvn' could not be started (" + e.getMessage() + ")");
            }
            running = p;
            boolean done;
            try {
                done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            } finally {
                running = null;
                if (p.isAlive()) kill(p);
            }
            if (!done) throw new Failure("%maven: Maven did not finish within " + TIMEOUT_S + " s (is the network slow?)");
            if (Thread.interrupted()) throw new InterruptedException();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                if (p.exitValue() == 137 || p.exitValue() == 143) throw new InterruptedException();
                throw new Failure(explain(out, coordinates, repository));
            }
            List<Path> jars = new ArrayList<>();
            for (String e : Files.readString(classpath).trim().split(File.pathSeparator)) {
                if (!e.isBlank()) jars.add(Path.of(e));
            }
            return jars;
        } catch (IOException e) {
            throw new Failure("%maven: " + e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    /** Stops a running resolution (interrupt). */
    void cancel() {
        Process p = running;
        if (p != null) kill(p);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String mvn() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) return Path.of(home, "bin", "mvn").toString();
        return "mvn";
    }

    static String pom(List<String> coordinates, String repository, List<String> moreRepositories) {
        StringBuilder deps = new StringBuilder();
        for (String c : coordinates) {
            String[] g = c.split(":");
            String version = g[g.length - 1];
            String classifier = g.length == 5 ? "<classifier>" + xml(g[3]) + "</classifier>" : "";
            deps.append("    <dependency><groupId>").append(xml(g[0])).append("</groupId><artifactId>").append(xml(g[1]))
                    .append("</artifactId><version>").append(xml(version)).append("</version>").append(classifier).append("</dependency>\n");
        }
        StringBuilder list = new StringBuilder();
        if (repository != null && !repository.isBlank()) {
            list.append("<repository><id>central</id><url>").append(xml(repository.trim())).append("</url></repository>");
        }
        for (int i = 0; i < moreRepositories.size(); i++) {
            list.append("<repository><id>pom-").append(i + 1).append("</id><url>").append(xml(moreRepositories.get(i).trim())).append("</url></repository>");
        }
        String repos = list.isEmpty() ? "" : "  <repositories>" + list + "</repositories>\n";
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>fastai.kernel</groupId><artifactId>maven-magic</artifactId><version>1</version>\n"
                + repos
                + "  <dependencies>\n" + deps + "  </dependencies>\n"
                + "</project>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final Pattern NOT_FOUND = Pattern.compile("(?:Could not find artifact|Failure to find) (\\S+)");
    private static final Pattern NO_TRANSFER = Pattern.compile("(?:Could not transfer artifact|Failure to transfer) (\\S+) (?:from/to|from) \\S+ \\(([^)]*)\\)(?:: (.*?))?(?: -> \\[Help|$)", Pattern.MULTILINE);

    /** Maven's error output as one line a learner can act on. */
    static String explain(String output, List<String> coordinates, String repository) {
        String mavenOutput = output.replaceAll("\u001b\\[[0-9;]*m", "");
        String where = repository == null || repository.isBlank() ? "Maven Central" : repository.trim();
        Matcher m = NOT_FOUND.matcher(mavenOutput);
        if (m.find()) {
            return "%maven: " + m.group(1) + " was not found in " + where + " (check the group, artifact and version)";
        }
        m = NO_TRANSFER.matcher(mavenOutput);
        if (m.find()) {
            String detail = m.group(3) == null ? "" : m.group(3).strip();
            String why = detail.isEmpty() ? "" : " " + detail.substring(detail.lastIndexOf(": ") + 1).strip();
            return "%maven: could not download " + m.group(1) + " from " + m.group(2) + " (no network?" + why + ")";
        }
        String first = mavenOutput.lines().filter(l -> l.startsWith("[ERROR]")).map(l -> l.substring(7).strip())
                .filter(l -> !l.isEmpty()).findFirst().orElse(mavenOutput.strip());
        return "%maven: Maven could not resolve " + String.join(" ", coordinates) + ": " + first;
    }

    /**
     * Artifact id and version of a jar in a Maven repository's layout
     * (.../artifact/version/artifact-version[-classifier].jar), else null.
     */
    static String[] artifactOf(Path jar) {
        Path versionDir = jar.getParent();
        if (versionDir == null || versionDir.getParent() == null) return null;
        String version = versionDir.getFileName().toString();
        String artifact = versionDir.getParent().getFileName().toString();
        String name = jar.getFileName().toString();
        String stem = artifact + "-" + version;
        if (!name.endsWith(".jar") || !name.startsWith(stem)) return null;
        String rest = name.substring(stem.length(), name.length() - 4);
        if (!rest.isEmpty() && !rest.startsWith("-")) return null;
        Path group = versionDir.getParent().getParent();
        String key = (group == null ? "" : group.getFileName() + "/") + artifact + rest;
        return new String[] {key, version, artifact + rest};
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }
}
