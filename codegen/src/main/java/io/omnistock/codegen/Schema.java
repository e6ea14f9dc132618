package io.omnistock.codegen;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command schema as read from {@code commands.xml}: the slot's storage fields, the reusable record
 * groups and the commands in wire-code order. Immutable; {@link SchemaReader} checks every reference.
 */
record Schema(
    List<SlotField> slot, Map<String, List<RecordPart>> groups, List<Command> commands, Map<String, String> docs,
    Map<String, String> paramDocs, List<EventField> eventFields, List<Event> events, Json json)
{
    /**
     * @return the text of {@code javadoc}'s {@code @param name} on one line, or null if it has none.
     */
    static String paramDoc(final String javadoc, final String name)
    {
        final Matcher m = Pattern.compile("@param\\s+" + Pattern.quote(name) + "\\s+(.*?)\\s*(?=@param\\s|@return\\s|$)",
            Pattern.DOTALL).matcher(javadoc);
        return m.find() ? m.group(1).replaceAll("\\s+", " ") : null;
    }

    /** @return the {@code @param} text of a writer parameter: its writer's own, else {@code <param-docs>}'s. */
    String writerParamDoc(final String writerDoc, final String name)
    {
        final String own = paramDoc(writerDoc, name);
        return own != null ? own : paramDocs.get(name);
    }

    /**
     * What the daemon writes as JSON for each event kind and each command's result: the parts in order,
     * groups resolved.
     *
     * @param events each event kind's parts, by kind name (the {@code event} group first).
     * @param results each command's result parts, by command name ({@code <result>}, else the {@code result} group).
     * @param eventHooks the hook names event parts use, in order of first use.
     * @param resultHooks the hook names result parts use, in order of first use.
     */
    record Json(Map<String, List<JsonPart>> events, Map<String, List<JsonPart>> results, List<String> eventHooks,
        List<String> resultHooks)
    {
    }

    /**
     * One part of a JSON object: {@code number}, {@code code} (an id shown as the code of a location, SKU or
     * channel: {@code of}), {@code channel-number} (a channel-scoped engine id shown as the channel's own
     * number and the channel's code), {@code enum} (an enum's name), {@code flag} ({@code true} when the
     * field has the bit {@code bit}, else absent) or {@code hook} (hand-written).
     *
     * @param field the accessor the part reads (of the event or the result).
     * @param none for a code: the text written when the id is negative (null: the code is always written).
     * @param optional for a code: written only when the id is not negative.
     */
    record JsonPart(String kind, String name, String field, String of, String none, String bit, boolean optional)
    {
    }

    /** A typed field of events: its accessor's name, type, answer for kinds without it, and meaning. */
    record EventField(String name, String type, String none, String doc)
    {
    }

    /** One event kind and which word holds each of its typed fields. */
    record Event(String name, String doc, Map<EventField, String> words)
    {
    }

    /** The storage type of a slot field: a Java primitive, an engine-api type, or {@code lines}. */
    record SlotField(String name, String type, String defaultValue)
    {
        boolean isLines()
        {
            return "lines".equals(type);
        }

        boolean isPrimitive()
        {
            return "int".equals(type) || "long".equals(type);
        }
    }

    /** What a slot field means for one command: its name there, and the type its writer takes. */
    record CommandField(String name, SlotField slot, String type)
    {
    }

    /**
     * One command.
     *
     * @param writer the name of its writer method on the slot.
     * @param api whether that writer implements io.omnistock.api.CommandWriter.
     * @param engineIssued whether the engine issues it itself (command id 0, no id parameter).
     * @param params the fields the writer takes, in order.
     * @param record what the command adds to its journal record, in order.
     * @param apiDoc the Javadoc of its writer in the API.
     * @param orderFactory whether its factory in Commands takes an io.omnistock.api.Order (lines and all).
     * @param forms further API writers of the command, implemented by hand in CommandSlot.
     * @param lines whether the command carries order lines (added after its writer, one addLine each).
     * @param handler the business-logic domain that decides it ({@code stock}: the generated interface
     *     {@code StockCommands}, method named after the writer), {@code processor} for the dispatcher itself.
     * @param firstLogicVersion the first logic version whose replicated state accepts the command from a
     *     client ({@code logic=}; 1, every version, when absent).
     */
    record Command(
        String name, boolean journaled, String doc, String writer, boolean api, boolean engineIssued,
        List<CommandField> fields, List<CommandField> params, List<RecordPart> record, String apiDoc,
        boolean orderFactory, List<Form> forms, boolean lines, String handler, int firstLogicVersion)
    {
    }

    /** An API writer of a command in another shape than its fields (a policy object, an optional field). */
    record Form(String name, List<Param> params, String doc)
    {
    }

    record Param(String name, String type)
    {
    }

    /**
     * One part of a journal record's command body: a fixed-width field ({@code int8}, {@code enum8},
     * {@code int32}, {@code int64}) or a hand-written hook.
     *
     * @param since the first journal format whose records carry the part (0: every format); a record
     *     in an older format has none, and decodes with the part's fields at their defaults.
     */
    record RecordPart(String kind, SlotField field, String hook, int since)
    {
        boolean isHook()
        {
            return hook != null;
        }
    }
}
