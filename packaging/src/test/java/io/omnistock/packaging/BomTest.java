package io.omnistock.packaging;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
