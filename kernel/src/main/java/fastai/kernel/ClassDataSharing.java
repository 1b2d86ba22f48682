package fastai.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Class-data-sharing archives that make a kernel start faster: the classes the kernel JVM (JShell,
 * javac, JDI, JeroMQ) and the execution JVM load during a start, parsed and verified once, at
 * install time, and mapped into memory at every start. Built by {@link Install} from one warm-up
 * run ({@code Main --warmup}) with {@code -XX:DumpLoadedClassList}, then {@code -Xshare:dump} with
 * the dependency jars as classpath (a folder such as target/classes cannot be in a CDS classpath,
 * so it comes last at run time). A stamp records the JVM and the jars' sizes and dates; when it
 * no longer matches, the archives are not used (and the next install rebuilds them).
 */
final class ClassDataSharing {
    final Path kernelArchive;
    final Path remoteArchive;
    private final Path stampFile;
    private final String java;
    private final List<String> jars;

    ClassDataSharing(Path home, String java, List<String> jars) {
        Path target = home.resolve("target");
        this.kernelArchive = target.resolve("fastai-kernel.jsa");
        this.remoteArchive = target.resolve("fastai-remote.jsa");
        this.stampFile = target.resolve("fastai-cds.stamp");
        this.java = java;
        this.jars = jars;
    }

    /** The archives for the JVM running this code and these jars, if built and still current. */
    static ClassDataSharing forThisJvm(Path home, List<String> classpath) {
        List<String> jars = classpath.stream().takeWhile(e -> e.endsWith(".jar")).toList(); // target/classpath.txt
        return new ClassDataSharing(home, Path.of(System.getProperty("java.home"), "bin", "java").toString(), jars);
    }

    boolean current() {
        try {
            return Files.isRegularFile(kernelArchive) && Files.isRegularFile(remoteArchive)
                    && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp());
        } catch (IOException e) {
            return false;
        }
    }

    /** JVM options that use an archive; nothing if it is missing or out of date. */
    List<String> options(Path archive) {
        if (System.getenv("FASTAI_KERNEL_NO_CDS") != null || !current()) return List.of();
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    String jarClasspath() { return String.join(File.pathSeparator, jars); }

    /** Runs the warm-up with class lists, dumps both archives, writes the stamp. False if that failed. */
    boolean build(List<String> kernelJvmOptions, String kernelClasspath) throws IOException, InterruptedException {
        Path kernelList = kernelArchive.resolveSibling("fastai-kernel.classlist");
        Path remoteList = remoteArchive.resolveSibling("fastai-remote.classlist");
        Files.deleteIfExists(stampFile);
        Files.deleteIfExists(kernelList);
        Files.deleteIfExists(remoteList);
        List<String> warm = new ArrayList<>();
        warm.add(java);
        warm.addAll(kernelJvmOptions);
        warm.add("-XX:DumpLoadedClassList=" + kernelList);
        warm.addAll(List.of("-cp", kernelClasspath, "fastai.kernel.Main", "--warmup"));
        if (!run(warm, Map.of("FASTAI_KERNEL_NO_CDS", "1", "FASTAI_KERNEL_JVM_OPTS", "-XX:DumpLoadedClassList=" + remoteList))
                || !Files.isRegularFile(kernelList) || !Files.isRegularFile(remoteList)) {
            return false;
        }
        for (Path[] p : new Path[][] {{kernelList, kernelArchive}, {remoteList, remoteArchive}}) {
            Files.deleteIfExists(p[1]);
            List<String> dump = List.of(java, "-Xshare:dump", "-Xlog:cds=off", "-XX:SharedClassListFile=" + p[0],
                    "-XX:SharedArchiveFile=" + p[1], "-cp", jarClasspath());
            if (!run(dump, Map.of()) || !Files.isRegularFile(p[1])) return false;
        }
        Install.writeAtomically(stampFile, stamp());
        return true;
    }

    private static boolean run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private String stamp() throws IOException {
        StringBuilder sb = new StringBuilder(java).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        for (String e : jars) {
            Path p = Path.of(e);
            sb.append(e);
            if (Files.isRegularFile(p)) sb.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            sb.append('\n');
        }
        return sb.toString();
    }
}
