package fastai.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code %loadFromPOM path/to/pom.xml}: the dependencies a pom declares (compile and runtime
 * scope; test, provided and system ones are left out), with {@code ${property}} versions filled in
 * from its {@code <properties>} and project version, and the repositories it names. They are then
 * resolved by {@link MavenMagic}, so transitive dependencies, the cache and the errors are %maven's.
 * A parent pom's properties and dependencyManagement are not read: a version must be in the pom.
 */
record PomDependencies(List<String> coordinates, List<String> repositories, List<String> skipped) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    static PomDependencies read(Path pom) throws MavenMagic.Failure {
        if (!Files.isRegularFile(pom)) {
            throw new MavenMagic.Failure("%loadFromPOM: no such file: " + pom + " (looked at " + pom.toAbsolutePath().normalize() + ")");
        }
        Element project;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            project = f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new MavenMagic.Failure("%loadFromPOM: " + pom + " is not a readable XML file: " + e.getMessage());
        }
        if (!project.getTagName().equals("project")) {
            throw new MavenMagic.Failure("%loadFromPOM: " + pom + " is not a Maven pom (its root element is <" + project.getTagName() + ">, not <project>)");
        }
        Map<String, String> props = new HashMap<>();
        String version = text(project, "version");
        if (version == null && child(project, "parent") != null) version = text(child(project, "parent"), "version");
        if (version != null) {
            props.put("project.version", version);
            props.put("version", version);
        }
        Element properties = child(project, "properties");
        if (properties != null) {
            for (Element p : children(properties)) props.put(p.getTagName(), p.getTextContent().strip());
        }
        List<String> coords = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Element deps = child(project, "dependencies");
        if (deps != null) {
            for (Element d : children(deps)) {
                if (!d.getTagName().equals("dependency")) continue;
                String g = fill(text(d, "groupId"), props, pom);
                String a = fill(text(d, "artifactId"), props, pom);
                String v = fill(text(d, "version"), props, pom);
                String scope = text(d, "scope");
                String name = g + ":" + a;
                if (scope != null && List.of("test", "provided", "system", "import").contains(scope)) {
                    skipped.add(name + " (" + scope + ")");
                    continue;
                }
                if (g == null || a == null || v == null) {
                    throw new MavenMagic.Failure("%loadFromPOM: " + pom + ": dependency " + name
                            + " has no version (versions from a parent pom or dependencyManagement are not read)");
                }
                String type = text(d, "type");
                if (type != null && !type.equals("jar")) {
                    skipped.add(name + " (type " + type + ")");
                    continue;
                }
                String classifier = text(d, "classifier");
                coords.add(classifier == null ? g + ":" + a + ":" + v : g + ":" + a + ":jar:" + classifier + ":" + v);
            }
        }
        List<String> repos = new ArrayList<>();
        Element repositories = child(project, "repositories");
        if (repositories != null) {
            for (Element r : children(repositories)) {
                String url = fill(text(r, "url"), props, pom);
                if (url != null) repos.add(url);
            }
        }
        return new PomDependencies(coords, repos, skipped);
    }

    private static String fill(String s, Map<String, String> props, Path pom) throws MavenMagic.Failure {
        if (s == null) return null;
        Matcher m = PROPERTY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = props.get(m.group(1));
            if (v == null) throw new MavenMagic.Failure("%loadFromPOM: " + pom + ": ${" + m.group(1) + "} is not defined in its <properties>");
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Element child(Element e, String tag) {
        for (Element c : children(e)) if (c.getTagName().equals(tag)) return c;
        return null;
    }

    private static String text(Element e, String tag) {
        Element c = child(e, tag);
        return c == null ? null : c.getTextContent().strip();
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element el) out.add(el);
        return out;
    }

    /** For tests and messages: read without the Failure wrapper's checked exception. */
    static PomDependencies readString(String xml) throws IOException, MavenMagic.Failure {
        Path tmp = Files.createTempFile("pom", ".xml");
        try {
            Files.writeString(tmp, xml);
            return read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
