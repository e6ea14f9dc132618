package io.omnistock.packaging;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bom/pom.xml has no parent (docs/packaging.md says why), so what it repeats is checked here: the
 * version, the metadata Central asks for, and that it lists exactly the published jars.
 */
class BomTest
{
    private static final Path ROOT = Path.of(System.getProperty("omnistock.root"));
    /** Module directories whose jars are published (the others set maven.deploy.skip). */
    private static final List<String> PUBLISHED_JARS =
        List.of("engine-api", "engine-core", "engine-cluster", "adapters/pos", "adapters/daemon", "tools", "forecast");

    @Test
    void theBomListsThePublishedJarsAtTheProjectsVersionWithTheParentsMetadata() throws Exception
    {
        final Element parent = pom(ROOT.resolve("pom.xml"));
        final Element bom = pom(ROOT.resolve("bom/pom.xml"));
        assertEquals(text(parent, "version"), text(bom, "version"), "the BOM's version");
        for (final String field : List.of("url", "licenses", "developers", "scm"))
        {
            assertEquals(text(parent, field).replaceAll("\\s+", " "), text(bom, field).replaceAll("\\s+", " "), field);
        }
        final TreeSet<String> published = new TreeSet<>();
        for (final String module : PUBLISHED_JARS)
        {
            published.add(text(pom(ROOT.resolve(module).resolve("pom.xml")), "artifactId"));
        }
        final TreeSet<String> listed = new TreeSet<>();
        final Element managed = child(child(bom, "dependencyManagement"), "dependencies");
        for (final Element dependency : children(managed, "dependency"))
        {
            assertEquals("${project.version}", text(dependency, "version"), "the BOM pins its own version");
            listed.add(text(dependency, "artifactId"));
        }
        assertEquals(published, listed);
    }

    /**
     * `mvn -Prelease deploy` publishes through the Central portal's plugin, declared in the release
     * profile only (a plain build never loads it); it leaves out exactly the modules that skip
     * maven-deploy-plugin, whose own skip it does not read.
     */
    @Test
    void theReleaseProfilePublishesToCentralEveryModuleButThoseThatSkipDeploy() throws Exception
    {
        final Element parent = pom(ROOT.resolve("pom.xml"));
        Element release = null;
        for (final Element profile : children(child(parent, "profiles"), "profile"))
        {
            release = text(profile, "id").equals("release") ? profile : release;
        }
        assertNotNull(release, "no release profile");
        final List<Element> publishing = new ArrayList<>();
        for (final Element plugin : children(child(child(release, "build"), "plugins"), "plugin"))
        {
            if (text(plugin, "artifactId").equals("central-publishing-maven-plugin"))
            {
                publishing.add(plugin);
            }
        }
        assertEquals(1, publishing.size(), "the release profile's central-publishing-maven-plugin");
        final Element configuration = child(publishing.get(0), "configuration");
        assertEquals("false", text(configuration, "autoPublish"), "a maintainer presses Publish");
        final TreeSet<String> excluded = new TreeSet<>();
        for (final Element artifact : children(child(configuration, "excludeArtifacts"), "artifact"))
        {
            excluded.add(artifact.getTextContent().strip());
        }
        final TreeSet<String> skipped = new TreeSet<>();
        try (Stream<Path> poms = Files.walk(ROOT, 3))
        {
            for (final Path file : poms.filter(f -> f.getFileName().toString().equals("pom.xml"))
                .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/src/")).toList())
            {
                final Element module = pom(file);
                final List<Element> properties = children(module, "properties");
                if (!properties.isEmpty() && !children(properties.get(0), "maven.deploy.skip").isEmpty() &&
                    text(properties.get(0), "maven.deploy.skip").equals("true"))
                {
                    skipped.add(text(module, "artifactId"));
                }
            }
        }
        assertTrue(skipped.contains("omnistock-examples") && skipped.contains("omnistock-benchmarks"), skipped.toString());
        assertEquals(skipped, excluded);
    }

    private static Element pom(final Path file) throws Exception
    {
        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    private static String text(final Element parent, final String name)
    {
        return child(parent, name).getTextContent().strip();
    }

    private static Element child(final Element parent, final String name)
    {
        final List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "<" + name + "> under <" + parent.getTagName() + ">");
        return found.get(0);
    }

    private static List<Element> children(final Element parent, final String name)
    {
        final List<Element> found = new ArrayList<>();
        final NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++)
        {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name))
            {
                found.add((Element)nodes.item(i));
            }
        }
        return found;
    }
}
