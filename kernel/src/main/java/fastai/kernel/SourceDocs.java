package fastai.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The Javadoc of a class or member named by a JShell documentation signature, read from source:
 * the course library's own sources under FASTAI_HOME ({@code lib/}, {@code datasets/},
 * {@code kernel/} {@code src/main/java}), else the {@code -sources.jar} that Maven keeps beside a
 * class-path jar ({@code ./fastai setup} fetches them for DL4J, ND4J, DataVec, Tablesaw and XChart).
 * JShell itself only reads the JDK's {@code src.zip}. The file is parsed by javac's tree API (no
 * compilation), so the comment is the one javac would attach.
 */
final class SourceDocs {
    private static final List<String> SOURCE_ROOTS = List.of("lib/src/main/java", "datasets/src/main/java", "kernel/src/main/java");

    private final Path home;
    private final Supplier<List<String>> classpath;
    /** {@code org/nd4j/linalg/factory/Nd4j.java} to the sources jar that holds it; built on first use. */
    private volatile Map<String, Path> jarSources;
    private int indexedClasspathSize = -1;
    private final Map<String, Optional<String>> sourceCache = new ConcurrentHashMap<>();
    private final Map<String, List<Entry>> parsed = new ConcurrentHashMap<>();

    SourceDocs(Path home, Supplier<List<String>> classpath) {
        this.home = home;
        this.classpath = classpath;
    }

    /** The raw doc comment (without its stars) of what the signature names, if a source has one. */
    Optional<String> docComment(String signature) {
        Target t = Target.of(signature);
        if (t == null) return Optional.empty();
        for (String cls = t.owner; cls != null; cls = outer(cls)) {
            String entry = cls.replace('.', '/') + ".java";
            Optional<String> src = sourceCache.computeIfAbsent(entry, this::read);
            if (src.isPresent()) return find(entry, src.get(), t);
        }
        return Optional.empty();
    }

    /** org.a.Outer.Inner -> org.a.Outer; org.a.Outer -> null (types start upper case by convention). */
    private static String outer(String cls) {
        int dot = cls.lastIndexOf('.');
        if (dot < 0) return null;
        String parent = cls.substring(0, dot);
        String last = parent.substring(parent.lastIndexOf('.') + 1);
        return !last.isEmpty() && Character.isUpperCase(last.charAt(0)) ? parent : null;
    }

    private Optional<String> read(String entry) {
        for (String root : SOURCE_ROOTS) {
            Path f = home.resolve(root).resolve(entry);
            try {
                if (Files.isRegularFile(f)) return Optional.of(Files.readString(f));
            } catch (IOException e) {
                Log.debug("docs: " + f + ": " + e);
            }
        }
        Path jar = sourcesJars().get(entry);
        if (jar == null) return Optional.empty();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            ZipEntry e = z.getEntry(entry);
            try (InputStream in = z.getInputStream(e)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            Log.debug("docs: " + jar + ": " + e);
            return Optional.empty();
        }
    }

    /** Indexes the -sources.jar beside each class-path jar (again when %maven/%jars added jars). */
    private synchronized Map<String, Path> sourcesJars() {
        List<String> cp = classpath.get();
        if (jarSources != null && cp.size() == indexedClasspathSize) return jarSources;
        Map<String, Path> index = new HashMap<>();
        for (String e : cp) {
            if (!e.endsWith(".jar")) continue;
            Path sources = Path.of(e.substring(0, e.length() - 4) + "-sources.jar");
            if (!Files.isRegularFile(sources)) continue;
            try (ZipFile z = new ZipFile(sources.toFile())) {
                z.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".java")).forEach(n -> index.putIfAbsent(n, sources));
            } catch (IOException ex) {
                Log.debug("docs: " + sources + ": " + ex);
            }
        }
        jarSources = index;
        indexedClasspathSize = cp.size();
        sourceCache.clear();
        parsed.clear();
        return index;
    }

    /** One documented declaration of a source file: owner's simple name, member (null: the type), parameter names (null: not a method). */
    private record Entry(String owner, String member, List<String> params, String comment) { }

    /** The doc comment of the class, field or method (the overload whose parameter names match) in this source. */
    private Optional<String> find(String entry, String source, Target t) {
        List<Entry> entries = parsed.computeIfAbsent(entry, e -> parse(source));
        String simpleOwner = t.owner.substring(t.owner.lastIndexOf('.') + 1);
        Entry best = null;
        int bestScore = -1;
        for (Entry e : entries) {
            if (!e.owner.equals(simpleOwner) || !java.util.Objects.equals(e.member, t.member)) continue;
            if ((e.params == null) != (t.params == null)) continue;
            // Parameter names tell overloads apart; a class file without them (arg0, arg1) leaves the count.
            boolean namesUnknown = t.params != null && t.params.stream().allMatch(n -> n.matches("arg\\d+"));
            int score = t.params == null || e.params.equals(t.params) ? 2 : namesUnknown && e.params.size() == t.params.size() ? 1 : 0;
            if (score > bestScore && (t.params == null || score > 0)) {
                bestScore = score;
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.comment);
    }

    private static List<Entry> parse(String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Source.java"), SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) { return source; }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        DocTrees trees = DocTrees.instance(task);
        List<Entry> entries = new ArrayList<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree c, Void v) {
                        String owner = c.getSimpleName().toString();
                        add(getCurrentPath(), owner, null, null);
                        for (Tree m : c.getMembers()) {
                            TreePath path = new TreePath(getCurrentPath(), m);
                            if (m instanceof MethodTree mt) {
                                String name = mt.getName().contentEquals("<init>") ? owner : mt.getName().toString();
                                add(path, owner, name, mt.getParameters().stream().map(p -> p.getName().toString()).toList());
                            } else if (m instanceof VariableTree vt) {
                                add(path, owner, vt.getName().toString(), null);
                            }
                        }
                        return super.visitClass(c, v);
                    }

                    private void add(TreePath path, String owner, String member, List<String> params) {
                        String comment = trees.getDocComment(path);
                        if (comment != null && !comment.isBlank()) entries.add(new Entry(owner, member, params, comment));
                    }
                }.scan(unit, null);
            }
        } catch (IOException | RuntimeException e) {
            Log.debug("docs: parse: " + e);
        }
        return entries;
    }

    /**
     * What a JShell signature names: {@code RET pkg.Cls.method(T a, U b)}, {@code pkg.Cls(T a)} (a
     * constructor), {@code TYPE pkg.Cls.field} or {@code pkg.Cls} (a type). Type arguments are dropped.
     */
    record Target(String owner, String member, List<String> params) {
        static Target of(String signature) {
            String s = stripTypeArguments(signature).strip();
            List<String> params = null;
            int open = s.indexOf('(');
            if (open >= 0) {
                int close = s.lastIndexOf(')');
                String inside = close > open ? s.substring(open + 1, close) : "";
                params = new ArrayList<>();
                for (String p : inside.split(",")) {
                    String[] words = p.strip().split("\\s+");
                    if (words.length >= 2) params.add(words[words.length - 1]);
                }
                s = s.substring(0, open).strip();
            }
            String[] words = s.split("\\s+");
            String name = words[words.length - 1];
            if (!name.contains(".")) return null;
            if (words.length == 1 && params == null) return new Target(name, null, null);   // a type
            int dot = name.lastIndexOf('.');
            String owner = name.substring(0, dot);
            String member = name.substring(dot + 1);
            if (words.length == 1 && params != null && owner.endsWith("." + member)) {
                return new Target(owner, member, params);   // constructor: pkg.Cls.Cls(...)
            }
            if (words.length == 1 && params != null) return new Target(name, name.substring(dot + 1), params);
            return new Target(owner, member, params);
        }

        private static String stripTypeArguments(String s) {
            StringBuilder sb = new StringBuilder();
            int depth = 0;
            for (char c : s.toCharArray()) {
                if (c == '<') depth++;
                else if (c == '>') depth = Math.max(0, depth - 1);
                else if (depth == 0) sb.append(c);
            }
            return sb.toString().replace("...", "[] ");
        }
    }
}
