package fastai.kernel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the magic lines at the top of a cell ({@link Magics} splits them off): {@code %lsmagic},
 * {@code %jars}/{@code %classpath}, {@code %maven} and {@code %loadFromPOM}. Each failure is a
 * one-line MagicError.
 */
final class MagicCommands {
    private final CellClassPath classpath;
    private final MavenMagic maven = new MavenMagic();
    private final PrintStream out;

    MagicCommands(CellClassPath classpath, PrintStream out) {
        this.classpath = classpath;
        this.out = out;
    }

    Outcome run(JavaSession s, String line, Consumer<String> notes) {
        String[] words = line.substring(1).trim().split("\\s+");
        String name = words[0];
        List<String> args = List.of(words).subList(1, words.length);
        try {
            switch (name) {
                case "lsmagic" -> {
                    out.print(Magics.LIST);
                    out.flush();
                    return Outcome.OK;
                }
                case "jars", "classpath" -> {
                    return jars(s, name, args, notes);
                }
                case "maven" -> {
                    classpath.add(s, "%maven", maven.resolve(args), true, notes);
                    return Outcome.OK;
                }
                case "loadFromPOM" -> {
                    return loadFromPom(s, args, notes);
                }
                default -> {
                    String known = "known: %maven, %loadFromPOM, %jars, %classpath, %lsmagic";
                    return magicError("unknown magic %" + name + " (" + known + ")", "unknown magic %" + name + " (" + known + "; %lsmagic lists them)");
                }
            }
        } catch (MavenMagic.Failure e) {
            String msg = name.equals("loadFromPOM") ? e.getMessage().replaceFirst("^%maven:", "%loadFromPOM:") : e.getMessage();
            return magicError(msg, msg);
        } catch (InterruptedException e) {
            return Outcome.INTERRUPTED;
        }
    }

    /** Stops a running Maven resolution (interrupt). */
    void cancel() { maven.cancel(); }

    private Outcome loadFromPom(JavaSession s, List<String> args, Consumer<String> notes) throws MavenMagic.Failure, InterruptedException {
        if (args.size() != 1) {
            return magicError("%loadFromPOM needs one path to a pom.xml", "%loadFromPOM needs one path to a pom.xml, e.g. %loadFromPOM extras/pom.xml");
        }
        PomDependencies pom = PomDependencies.read(Path.of(args.get(0)));
        if (!pom.skipped().isEmpty()) notes.accept("%loadFromPOM: left out " + String.join(", ", pom.skipped()) + "\n");
        if (pom.coordinates().isEmpty()) {
            notes.accept("%loadFromPOM: " + args.get(0) + " declares no dependencies to add\n");
            return Outcome.OK;
        }
        classpath.add(s, "%loadFromPOM", maven.resolve(pom.coordinates(), pom.repositories()), true, notes);
        return Outcome.OK;
    }

    private Outcome jars(JavaSession s, String name, List<String> args, Consumer<String> notes) {
        if (args.isEmpty()) {
            return magicError("%" + name + " needs at least one path", "%" + name + " needs at least one path, e.g. %jars lib/extra.jar or %jars libs/*");
        }
        List<Path> add = new ArrayList<>();
        for (String arg : args) {
            List<Path> found = Magics.expand(arg);
            if (found.isEmpty()) {
                Path p = Path.of(arg).toAbsolutePath().normalize();
                String why = Files.exists(p) ? "not a .jar file or a folder" : "no such file";
                return magicError("%" + name + ": " + why + ": " + arg, "%" + name + ": " + why + ": " + arg + " (looked at " + p + ")");
            }
            add.addAll(found);
        }
        classpath.add(s, "%" + name, add, false, notes);
        return Outcome.OK;
    }

    private static Outcome magicError(String evalue, String line) {
        return Outcome.error("MagicError", evalue, "MagicError: " + line);
    }
}
