package io.omnistock.codegen;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks {@code commands.xml}. Every mistake (an unknown slot field, a duplicate command,
 * a record part of an unknown kind, a writer parameter that is not a field) is a
 * {@link SchemaException} naming the element, so a bad schema fails the build with a message rather
 * than generating code that fails later.
 */
final class SchemaReader
{
    private static final Set<String> PRIMITIVES = Set.of("int", "long", "boolean");
    /** The words an event stores besides its kind and position, in the order generated code lists them. */
    static final List<String> EVENT_WORDS = List.of("id", "held", "flags");
    private static final Set<String> FIXED_KINDS = Set.of("int8", "enum8", "int32", "int64");
    /** The JSON part kinds besides {@code hook} and {@code group}. */
    private static final Set<String> JSON_KINDS = Set.of("number", "code", "channel-number", "enum", "flag");
    /** What a {@code code} part shows an id as. */
    private static final List<String> CODE_OF = List.of("location", "sku", "channel");
    /** EventView's own accessors (besides the typed fields) a JSON part may read, and their types. */
    static final Map<String, String> EVENT_ACCESSORS = Map.of("location", "int", "sku", "int", "onHand", "long",
        "reserved", "long", "inTransit", "long", "safetyStock", "long", "available", "long", "orderState", "enum",
        "alertKind", "enum");

    private SchemaReader()
    {
    }

    static Schema read(final InputStream in) throws IOException
    {
        final Element root;
        try
        {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder().parse(in).getDocumentElement();
        }
        catch (final ParserConfigurationException | SAXException e)
        {
            throw new SchemaException("the schema is not well-formed XML: " + e.getMessage());
        }
        if (!"schema".equals(root.getTagName()))
        {
            throw new SchemaException("the root element must be <schema>, not <" + root.getTagName() + ">");
        }

        final Map<String, Schema.SlotField> slot = slot(root);
        final Map<String, List<Schema.RecordPart>> groups = groups(root, slot);
        final Map<String, String> paramDocs = paramDocs(root);
        final List<Schema.Command> commands = commands(root, slot, groups, paramDocs);
        final List<Schema.EventField> eventFields = eventFields(root);
        final List<Schema.Event> events = events(root, eventFields);
        return new Schema(List.copyOf(slot.values()), groups, commands, docs(root), paramDocs, eventFields,
            events, json(root, events));
    }

    private static Map<String, Schema.SlotField> slot(final Element root)
    {
        final Map<String, Schema.SlotField> slot = new LinkedHashMap<>();
        for (final Element slotElement : children(root, "slot"))
        {
            for (final Element f : children(slotElement, "field"))
            {
                final String name = required(f, "name");
                final String type = required(f, "type");
                if (slot.put(name, new Schema.SlotField(name, type, f.getAttribute("default"))) != null)
                {
                    throw new SchemaException("slot field '" + name + "' is declared twice");
                }
            }
        }
        return slot;
    }

    private static Map<String, List<Schema.RecordPart>> groups(
        final Element root, final Map<String, Schema.SlotField> slot)
    {
        final Map<String, List<Schema.RecordPart>> groups = new LinkedHashMap<>();
        for (final Element g : children(root, "group"))
        {
            final String name = required(g, "name");
            if (groups.put(name, parts(g, slot, groups, "group " + name)) != null)
            {
                throw new SchemaException("group '" + name + "' is declared twice");
            }
        }
        return groups;
    }

    private static List<Schema.Command> commands(
        final Element root, final Map<String, Schema.SlotField> slot, final Map<String, List<Schema.RecordPart>> groups,
        final Map<String, String> paramDocs)
    {
        final List<Schema.Command> commands = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final Set<String> writers = new HashSet<>();
        for (final Element c : children(root, "command"))
        {
            final String name = required(c, "name");
            final String where = "command " + name;
            if (!name.matches("[A-Z][A-Z0-9_]*") || !names.add(name))
            {
                throw new SchemaException(where + ": the name must be UPPER_SNAKE_CASE and unique");
            }
            final boolean journaled = !"false".equals(c.getAttribute("journaled"));
            // The domain whose generated interface the command's handler method belongs to.
            final String handler = c.getAttribute("handler");
            if (!handler.matches("[a-z][A-Za-z0-9]*"))
            {
                throw new SchemaException(where + ": handler='" + handler +
                    "' must name its domain in lowerCamelCase (stock, order...), or processor");
            }
            final String writer = required(c, "writer");
            if (!writers.add(writer))
            {
                throw new SchemaException(where + ": writer '" + writer + "' is already another command's");
            }
            final List<Schema.CommandField> fields = new ArrayList<>();
            final Set<String> fieldNames = new HashSet<>();
            for (final Element f : children(c, "field"))
            {
                final String fieldName = required(f, "name");
                final String slotName = f.hasAttribute("slot") ? f.getAttribute("slot") : fieldName;
                final Schema.SlotField storage = slot.get(slotName);
                if (storage == null || storage.isLines())
                {
                    throw new SchemaException(where + ": field '" + fieldName + "' names no slot field '" + slotName + "'");
                }
                final String type = f.hasAttribute("type") ? f.getAttribute("type") : storage.type();
                if (!type.equals(storage.type()) && !(PRIMITIVES.contains(type) && "long".equals(storage.type())))
                {
                    throw new SchemaException(where + ": field '" + fieldName + "' of type " + type +
                        " cannot be stored in slot field '" + slotName + "' of type " + storage.type());
                }
                if (!fieldNames.add(fieldName))
                {
                    throw new SchemaException(where + ": field '" + fieldName + "' is listed twice");
                }
                fields.add(new Schema.CommandField(fieldName, storage, type));
            }
            final List<Schema.CommandField> params = new ArrayList<>();
            if (c.hasAttribute("params"))
            {
                for (final String p : c.getAttribute("params").trim().split("\\s*,\\s*"))
                {
                    params.add(fields.stream().filter(f -> f.name().equals(p)).findFirst()
                        .orElseThrow(() -> new SchemaException(where + ": params names no field '" + p + "'")));
                }
            }
            else
            {
                params.addAll(fields);
            }
            final List<Element> records = children(c, "record");
            if (records.size() > 1 || (!journaled && !records.isEmpty()))
            {
                throw new SchemaException(where + ": at most one <record>, and none for a command that is not journaled");
            }
            final List<Schema.RecordPart> record = records.isEmpty() ? List.of() : parts(records.get(0), slot, groups, where);
            final List<Element> docs = children(c, "doc");
            if (docs.size() != 1 || docs.get(0).getTextContent().isBlank())
            {
                throw new SchemaException(where + ": needs one <doc>");
            }
            final String doc = text(docs.get(0));
            // A command the engine issues itself has no writer in the API: producers cannot send it.
            final boolean engineIssued = "engine".equals(c.getAttribute("issuer"));
            final boolean api = !engineIssued && !"false".equals(c.getAttribute("api"));
            final List<Element> apiDocs = children(c, "api");
            if (api != (apiDocs.size() == 1))
            {
                throw new SchemaException(where + ": a command with an API writer needs one <api> (its Javadoc), others none");
            }
            final List<Schema.Form> forms = new ArrayList<>();
            for (final Element form : children(c, "form"))
            {
                final String formName = required(form, "name");
                if (!writers.add(formName))
                {
                    throw new SchemaException(where + ": form '" + formName + "' is already another writer");
                }
                final List<Schema.Param> formParams = new ArrayList<>();
                for (final Element p : children(form, "param"))
                {
                    formParams.add(new Schema.Param(required(p, "name"), required(p, "type")));
                }
                final List<Element> formDocs = children(form, "api");
                if (formDocs.size() != 1)
                {
                    throw new SchemaException(where + ": form '" + formName + "' needs one <api> (its Javadoc)");
                }
                forms.add(new Schema.Form(formName, List.copyOf(formParams), text(formDocs.get(0))));
                documented(where + ", form '" + formName + "'", text(formDocs.get(0)),
                    formParams.stream().map(Schema.Param::name).toList(), paramDocs);
            }
            if (api)
            {
                documented(where, text(apiDocs.get(0)), params.stream().map(Schema.CommandField::name).toList(), paramDocs);
            }
            final String factory = c.getAttribute("factory");
            if (!factory.isEmpty() && !"order".equals(factory))
            {
                throw new SchemaException(where + ": factory must be order or absent, not " + factory);
            }
            commands.add(new Schema.Command(name, journaled, doc, writer, api, engineIssued, List.copyOf(fields),
                List.copyOf(params), record, api ? text(apiDocs.get(0)) : null, "order".equals(factory), List.copyOf(forms),
                "true".equals(c.getAttribute("lines")), handler, firstLogicVersion(c, where, journaled && !engineIssued)));
        }
        if (commands.isEmpty())
        {
            throw new SchemaException("the schema declares no command");
        }
        return List.copyOf(commands);
    }

    /**
     * A command's {@code logic=}: the first logic version whose replicated state accepts it (engine-cluster's
     * ingress refuses it before then, so members of an older build, which do not know it, and members of
     * the new one decide alike during a rolling upgrade); absent, 1: every version. Only a journaled
     * command a client sends has one: a query changes no state and the engine's own are never ingress.
     */
    private static int firstLogicVersion(final Element c, final String where, final boolean clientJournaled)
    {
        if (!c.hasAttribute("logic"))
        {
            return 1;
        }
        final String value = c.getAttribute("logic");
        // 1 is every version, which is said by leaving the attribute out: one way to say it.
        if (!value.matches("[1-9][0-9]{0,2}") || "1".equals(value))
        {
            throw new SchemaException(where + ": logic must be the first logic version that accepts the command, " +
                "a number from 2 (leave it out for every version), not '" + value + "'");
        }
        if (!clientJournaled)
        {
            throw new SchemaException(where + ": logic= belongs to a journaled command a client sends, " +
                "not to a query or a command the engine issues");
        }
        return Integer.parseInt(value);
    }

    /** {@code <param-docs>}: the {@code @param} of writer parameters that a writer's {@code <api>} does not document. */
    private static Map<String, String> paramDocs(final Element root)
    {
        final Map<String, String> paramDocs = new LinkedHashMap<>();
        for (final Element list : children(root, "param-docs"))
        {
            for (final Element p : children(list, "param"))
            {
                if (paramDocs.put(required(p, "name"), text(p)) != null)
                {
                    throw new SchemaException("<param-docs> documents '" + p.getAttribute("name") + "' twice");
                }
            }
        }
        return Map.copyOf(paramDocs);
    }

    /**
     * Every parameter of an API writer (the command id first) is documented, in its {@code <api>} or
     * in {@code <param-docs>}, so engine-api's Javadoc, which fails on a missing comment, builds.
     */
    private static void documented(final String where, final String apiDoc, final List<String> params,
        final Map<String, String> paramDocs)
    {
        final List<String> all = new ArrayList<>(List.of("commandId"));
        all.addAll(params);
        for (final String p : all)
        {
            if (Schema.paramDoc(apiDoc, p) == null && !paramDocs.containsKey(p))
            {
                throw new SchemaException(where + ": parameter '" + p + "' has no @param in <api> and none in <param-docs>");
            }
        }
    }

    private static Map<String, String> docs(final Element root)
    {
        final Map<String, String> docs = new LinkedHashMap<>();
        for (final String tag : List.of("writer-doc", "factories-doc", "add-line-doc", "fingerprint-doc"))
        {
            final List<Element> found = children(root, tag);
            if (found.size() != 1)
            {
                throw new SchemaException("the schema needs one <" + tag + ">");
            }
            docs.put(tag, text(found.get(0)));
        }
        return docs;
    }

    private static List<Schema.EventField> eventFields(final Element root)
    {
        final Map<String, Schema.EventField> eventFields = new LinkedHashMap<>();
        for (final Element f : children(root, "event-field"))
        {
            final String name = required(f, "name");
            final String type = required(f, "type");
            if (!"int".equals(type) && !"long".equals(type))
            {
                throw new SchemaException("event field '" + name + "': type must be int or long");
            }
            if (eventFields.put(name, new Schema.EventField(name, type, required(f, "none"), text(f))) != null)
            {
                throw new SchemaException("event field '" + name + "' is declared twice");
            }
        }
        return List.copyOf(eventFields.values());
    }

    private static List<Schema.Event> events(final Element root, final List<Schema.EventField> declared)
    {
        final Map<String, Schema.EventField> eventFields = new LinkedHashMap<>();
        declared.forEach(f -> eventFields.put(f.name(), f));
        final List<Schema.Event> events = new ArrayList<>();
        final Set<String> eventNames = new HashSet<>();
        for (final Element e : children(root, "event"))
        {
            final String name = required(e, "name");
            if (!name.matches("[A-Z][A-Z0-9_]*") || !eventNames.add(name))
            {
                throw new SchemaException("event " + name + ": the name must be UPPER_SNAKE_CASE and unique");
            }
            final Map<Schema.EventField, String> words = new LinkedHashMap<>();
            final Set<String> wordsUsed = new HashSet<>();
            for (final Element f : children(e, "field"))
            {
                final Schema.EventField field = eventFields.get(required(f, "name"));
                final String word = required(f, "word");
                if (field == null)
                {
                    throw new SchemaException("event " + name + ": no event-field '" + f.getAttribute("name") + "'");
                }
                if (!EVENT_WORDS.contains(word) || !wordsUsed.add(word) || words.put(field, word) != null)
                {
                    throw new SchemaException("event " + name + ": field '" + field.name() + "' needs a word of " +
                        EVENT_WORDS + " that no other field of the event uses");
                }
            }
            final List<Element> eventDocs = children(e, "doc");
            if (eventDocs.size() != 1)
            {
                throw new SchemaException("event " + name + ": needs one <doc>");
            }
            events.add(new Schema.Event(name, text(eventDocs.get(0)), words));
        }
        return List.copyOf(events);
    }

    /**
     * {@code <json-group>}s, each event's {@code <json>} and each command's {@code <result>}. An event's
     * parts are the {@code event} group's and then its own; a command without {@code <result>} has the
     * {@code result} group's. An event part's field must be one the kind carries (or EventView's own) and fit
     * the part; a result part's field is an accessor of io.omnistock.api.CommandResult, which javac checks.
     */
    private static Schema.Json json(final Element root, final List<Schema.Event> events)
    {
        final Map<String, List<Element>> groups = new LinkedHashMap<>();
        for (final Element g : children(root, "json-group"))
        {
            if (groups.put(required(g, "name"), children(g, null)) != null)
            {
                throw new SchemaException("json-group '" + g.getAttribute("name") + "' is declared twice");
            }
        }
        // Without them (a schema of commands alone, as in codegen's tests) an object has only its own parts.
        groups.putIfAbsent("event", List.of());
        groups.putIfAbsent("result", List.of());
        final Map<String, Schema.Event> byName = new LinkedHashMap<>();
        events.forEach(e -> byName.put(e.name(), e));
        final Map<String, List<Schema.JsonPart>> eventJson = new LinkedHashMap<>();
        final Set<String> eventHooks = new java.util.LinkedHashSet<>();
        for (final Element e : children(root, "event"))
        {
            final Schema.Event event = byName.get(e.getAttribute("name"));
            final List<Element> own = children(e, "json");
            if (own.size() > 1)
            {
                throw new SchemaException("event " + event.name() + ": at most one <json>");
            }
            final List<Element> elements = new ArrayList<>(groups.get("event"));
            if (!own.isEmpty())
            {
                elements.addAll(children(own.get(0), null));
            }
            final List<Schema.JsonPart> parts = jsonParts(elements, groups, "event " + event.name(), eventHooks, 0);
            for (final Schema.JsonPart p : parts)
            {
                checkEventPart(event, p);
            }
            eventJson.put(event.name(), parts);
        }
        final Map<String, List<Schema.JsonPart>> resultJson = new LinkedHashMap<>();
        final Set<String> resultHooks = new java.util.LinkedHashSet<>();
        for (final Element c : children(root, "command"))
        {
            final String where = "command " + c.getAttribute("name");
            final List<Element> own = children(c, "result");
            if (own.size() > 1)
            {
                throw new SchemaException(where + ": at most one <result>");
            }
            resultJson.put(c.getAttribute("name"), jsonParts(own.isEmpty() ? groups.get("result") :
                children(own.get(0), null), groups, where, resultHooks, 0));
        }
        return new Schema.Json(eventJson, resultJson, List.copyOf(eventHooks), List.copyOf(resultHooks));
    }

    private static List<Schema.JsonPart> jsonParts(final List<Element> elements, final Map<String, List<Element>> groups,
        final String where, final Set<String> hooks, final int depth)
    {
        final List<Schema.JsonPart> parts = new ArrayList<>();
        for (final Element e : elements)
        {
            final String kind = e.getTagName();
            if ("group".equals(kind))
            {
                final List<Element> group = groups.get(required(e, "ref"));
                if (group == null || depth > 8)
                {
                    throw new SchemaException(where + ": no json-group '" + e.getAttribute("ref") + "' (or groups nest in a loop)");
                }
                parts.addAll(jsonParts(group, groups, where, hooks, depth + 1));
            }
            else if ("hook".equals(kind))
            {
                final String name = required(e, "name");
                if (!name.matches("[a-z][A-Za-z0-9]*"))
                {
                    throw new SchemaException(where + ": hook '" + name + "' must be a Java method name");
                }
                hooks.add(name);
                parts.add(new Schema.JsonPart(kind, name, null, null, null, null, false));
            }
            else if (JSON_KINDS.contains(kind))
            {
                final String of = "code".equals(kind) ? required(e, "of") : null;
                if (of != null && !CODE_OF.contains(of))
                {
                    throw new SchemaException(where + ": <code> of must be one of " + CODE_OF + ", not " + of);
                }
                final String none = e.hasAttribute("none") ? e.getAttribute("none") : null;
                final boolean optional = "true".equals(e.getAttribute("optional"));
                if ((none != null || optional) && of == null || none != null && optional)
                {
                    throw new SchemaException(where + ": none= or optional= (not both) belong to a <code>");
                }
                parts.add(new Schema.JsonPart(kind, required(e, "name"), required(e, "field"), of, none,
                    "flag".equals(kind) ? required(e, "bit") : null, optional));
            }
            else
            {
                throw new SchemaException(where + ": unknown JSON part <" + kind + ">");
            }
        }
        return List.copyOf(parts);
    }

    /** An event part reads a field its kind carries, of a type the part can write. */
    private static void checkEventPart(final Schema.Event event, final Schema.JsonPart p)
    {
        if (p.field() == null)
        {
            return;
        }
        String type = EVENT_ACCESSORS.get(p.field());
        for (final Schema.EventField f : event.words().keySet())
        {
            if (f.name().equals(p.field()))
            {
                type = f.type();
            }
        }
        if (type == null)
        {
            throw new SchemaException("event " + event.name() + ": JSON part '" + p.name() + "' reads '" + p.field() +
                "', which the kind does not carry");
        }
        final boolean fits = switch (p.kind())
        {
            case "number" -> !"enum".equals(type);
            case "code", "flag" -> "int".equals(type);
            case "channel-number" -> "long".equals(type);
            default -> "enum".equals(type);
        };
        if (!fits)
        {
            throw new SchemaException("event " + event.name() + ": JSON part <" + p.kind() + " name=\"" + p.name() +
                "\"> cannot write '" + p.field() + "' of type " + type);
        }
    }

    private static List<Schema.RecordPart> parts(
        final Element parent, final Map<String, Schema.SlotField> slot, final Map<String, List<Schema.RecordPart>> groups,
        final String where)
    {
        final List<Schema.RecordPart> parts = new ArrayList<>();
        for (final Element e : children(parent, null))
        {
            final String kind = e.getTagName();
            if ("hook".equals(kind))
            {
                parts.add(new Schema.RecordPart(kind, null, required(e, "name"), since(e, where)));
            }
            else if ("group".equals(kind))
            {
                final List<Schema.RecordPart> group = groups.get(required(e, "ref"));
                if (group == null)
                {
                    throw new SchemaException(where + ": no group '" + e.getAttribute("ref") + "' is declared before it");
                }
                parts.addAll(group);
            }
            else if (FIXED_KINDS.contains(kind))
            {
                final Schema.SlotField field = slot.get(required(e, "field"));
                if (field == null || field.isLines())
                {
                    throw new SchemaException(where + ": <" + kind + "> names no slot field '" + e.getAttribute("field") + "'");
                }
                final boolean enumKind = "enum8".equals(kind);
                if (enumKind == field.isPrimitive())
                {
                    throw new SchemaException(where + ": <" + kind + "> does not fit slot field '" + field.name() +
                        "' of type " + field.type());
                }
                parts.add(new Schema.RecordPart(kind, field, null, since(e, where)));
            }
            else
            {
                throw new SchemaException(where + ": unknown record part <" + kind + ">");
            }
        }
        return List.copyOf(parts);
    }

    /** @return a record part's {@code since} (the first journal format that carries it), 0 for none. */
    private static int since(final Element e, final String where)
    {
        if (!e.hasAttribute("since"))
        {
            return 0;
        }
        final String value = e.getAttribute("since");
        if (!value.matches("[1-9][0-9]{0,2}"))
        {
            throw new SchemaException(where + ": since must be a journal format number, not '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    /** @return an element's text as Javadoc: trimmed, each line's indentation removed. */
    private static String text(final Element e)
    {
        return e.getTextContent().trim().replaceAll("\n[ \t]+", "\n");
    }

    private static String required(final Element e, final String attribute)
    {
        final String value = e.getAttribute(attribute);
        if (value.isBlank())
        {
            throw new SchemaException("<" + e.getTagName() + "> needs the attribute " + attribute);
        }
        return value;
    }

    /** @return the element children of {@code parent} named {@code tag}, or all of them for {@code null}. */
    private static List<Element> children(final Element parent, final String tag)
    {
        final List<Element> out = new ArrayList<>();
        final NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++)
        {
            final Node n = nodes.item(i);
            if (n instanceof Element && (tag == null || tag.equals(((Element)n).getTagName())))
            {
                out.add((Element)n);
            }
        }
        return out;
    }
}
