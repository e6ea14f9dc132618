package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.FulfilmentRules;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routing policy as JSON ({@link RoutingPolicy} and {@link RuleSet} field for field, enums by
 * wire name, fulfilment types as keys), both ways. Reading collects every problem, each with the
 * field it is in, instead of stopping at the first: a caller validating a policy sees all of them.
 *
 * <p>What makes a policy valid is the engine's rule ({@link RoutingPolicy#problem()}, the same
 * check the engine applies to SET_ROUTING_POLICY), not a copy of it here: this class only
 * attributes the engine's verdict to a field, by checking each rule set on its own and each other
 * part inside the default policy.
 */
final class RoutingPolicyJson
{
    /** One thing wrong with a candidate policy. */
    record Problem(String field, String code, String message)
    {
    }

    /** @param policy the policy read, or null when {@code problems} is not empty. */
    record Parsed(RoutingPolicy policy, List<Problem> problems)
    {
    }

    private static final Set<String> POLICY_FIELDS = Set.of("ruleSets", "pickPackMinutes", "pickPackMinutesByType",
        "courierMetersPerHour", "instantWindowMinutes", "highValueThreshold", "fulfilmentRules");
    private static final Set<String> RULES_FIELDS = Set.of("takesProtectedStock", "routesByPickupStore",
        "countsInboundByPromise");
    private static final Set<String> RULE_SET_FIELDS = Set.of("name", "tiers", "capabilities", "pickupStoreOnly",
        "needsAlternativeOk", "radiusMeters", "checkDeliveryTime", "tierPreference", "ranking", "maxSplits",
        "maxCandidates");

    /** The code of a part the engine's rule refuses (its reason, INVALID_POLICY). */
    private static final String INVALID = io.omnistock.api.ReasonCode.INVALID_POLICY.name();

    private final List<Problem> problems = new ArrayList<>();

    private RoutingPolicyJson()
    {
    }

    static ObjectNode write(final RoutingPolicy policy)
    {
        final ObjectNode json = Json.object();
        final ObjectNode byType = json.putObject("ruleSets");
        for (final FulfilmentType type : FulfilmentType.values())
        {
            final ArrayNode list = byType.putArray(Enums.wire(type));
            for (final RuleSet r : policy.ruleSets(type))
            {
                final ObjectNode rule = list.addObject().put("name", r.name());
                wires(r.tiers(), rule.putArray("tiers"));
                CapabilityNames.names(r.capabilities(), rule.putArray("capabilities"));
                rule.put("pickupStoreOnly", r.pickupStoreOnly()).put("needsAlternativeOk", r.needsAlternativeOk())
                    .put("radiusMeters", r.radiusMeters()).put("checkDeliveryTime", r.checkDeliveryTime());
                wires(r.tierPreference(), rule.putArray("tierPreference"));
                wires(r.ranking(), rule.putArray("ranking"));
                rule.put("maxSplits", r.maxSplits()).put("maxCandidates", r.maxCandidates());
            }
        }
        json.put("pickPackMinutes", policy.pickPackMinutes());
        if (!policy.pickPackMinutesByType().isEmpty())
        {
            final ObjectNode byTypeMinutes = json.putObject("pickPackMinutesByType");
            for (final FulfilmentType type : FulfilmentType.values())
            {
                byTypeMinutes.put(Enums.wire(type), policy.pickPackMinutes(type));
            }
        }
        json.put("courierMetersPerHour", policy.courierMetersPerHour())
            .put("instantWindowMinutes", policy.instantWindowMinutes())
            .put("highValueThreshold", policy.highValueThreshold());
        // Always the effective rules of every type, defaults included: what routing will do.
        final ObjectNode rulesByType = json.putObject("fulfilmentRules");
        for (final FulfilmentType type : FulfilmentType.values())
        {
            final FulfilmentRules rules = policy.rules(type);
            rulesByType.putObject(Enums.wire(type)).put("takesProtectedStock", rules.takesProtectedStock())
                .put("routesByPickupStore", rules.routesByPickupStore())
                .put("countsInboundByPromise", rules.countsInboundByPromise());
        }
        return json;
    }

    private static void wires(final List<? extends Enum<?>> values, final ArrayNode out)
    {
        values.forEach(v -> out.add(Enums.wire(v)));
    }

    /** @return the policy {@code json} describes, or every problem found in it. */
    static Parsed read(final JsonNode json)
    {
        return new RoutingPolicyJson().parse(json);
    }

    private Parsed parse(final JsonNode json)
    {
        if (!json.isObject())
        {
            problem("", "INVALID_FIELD", "a routing policy is a JSON object");
            return new Parsed(null, problems);
        }
        unknownFields(json, POLICY_FIELDS, "");
        final List<List<RuleSet>> ruleSets = ruleSets(json.get("ruleSets"));
        final Long pickPack = whole(json, "pickPackMinutes", "", true);
        final List<Integer> byType = pickPackByType(json.get("pickPackMinutesByType"));
        final Long courier = whole(json, "courierMetersPerHour", "", true);
        final Long window = whole(json, "instantWindowMinutes", "", true);
        final Long highValue = whole(json, "highValueThreshold", "", true);
        final List<FulfilmentRules> rulesByType = rulesByType(json.get("fulfilmentRules"));
        if (problems.stream().anyMatch(p -> !p.code().equals(INVALID)))
        {
            // Not a policy in shape: the engine's rule cannot be asked about its parts.
            return new Parsed(null, problems);
        }
        final RoutingPolicy d = RoutingPolicy.defaults();
        // Each part inside the default (valid) policy: what the engine then refuses is that part's fault.
        for (final FulfilmentType type : FulfilmentType.values())
        {
            final String field = "ruleSets." + Enums.wire(type);
            if (problems.stream().anyMatch(p -> p.field().startsWith(field + "[")))
            {
                continue;
            }
            final List<List<RuleSet>> withType = new ArrayList<>(d.ruleSets());
            withType.set(type.ordinal(), ruleSets.get(type.ordinal()));
            engineRule(field, new RoutingPolicy(withType, d.pickPackMinutes(), d.courierMetersPerHour(),
                d.instantWindowMinutes(), d.highValueThreshold(), d.pickPackMinutesByType()));
        }
        engineRule("pickPackMinutes", new RoutingPolicy(d.ruleSets(), pickPack.intValue(), d.courierMetersPerHour(),
            d.instantWindowMinutes(), d.highValueThreshold(), d.pickPackMinutesByType()));
        engineRule("pickPackMinutesByType", new RoutingPolicy(d.ruleSets(), d.pickPackMinutes(),
            d.courierMetersPerHour(), d.instantWindowMinutes(), d.highValueThreshold(), byType));
        engineRule("courierMetersPerHour", new RoutingPolicy(d.ruleSets(), d.pickPackMinutes(), courier,
            d.instantWindowMinutes(), d.highValueThreshold(), d.pickPackMinutesByType()));
        engineRule("instantWindowMinutes", new RoutingPolicy(d.ruleSets(), d.pickPackMinutes(),
            d.courierMetersPerHour(), window.intValue(), d.highValueThreshold(), d.pickPackMinutesByType()));
        engineRule("highValueThreshold", new RoutingPolicy(d.ruleSets(), d.pickPackMinutes(),
            d.courierMetersPerHour(), d.instantWindowMinutes(), highValue, d.pickPackMinutesByType()));
        final RoutingPolicy policy = new RoutingPolicy(ruleSets, pickPack.intValue(), courier, window.intValue(),
            highValue, byType, rulesByType);
        if (problems.isEmpty())
        {
            // Every part is valid alone; the whole is checked too, so nothing the engine refuses passes.
            engineRule("", policy);
        }
        return new Parsed(problems.isEmpty() ? policy : null, problems);
    }

    private void engineRule(final String field, final RoutingPolicy candidate)
    {
        final String problem = candidate.problem();
        if (problem != null)
        {
            problem(field, INVALID, problem);
        }
    }

    private List<List<RuleSet>> ruleSets(final JsonNode json)
    {
        final List<List<RuleSet>> all = new ArrayList<>();
        if (json == null || !json.isObject())
        {
            problem("ruleSets", json == null ? "MISSING_FIELD" : "INVALID_FIELD", "'ruleSets' is required: an " +
                "object with a list of rule sets for each fulfilment type (" + wireNames(FulfilmentType.class) + ")");
            return all;
        }
        unknownFields(json, Arrays.stream(FulfilmentType.values()).map(Enums::wire).collect(Collectors.toSet()),
            "ruleSets.");
        for (final FulfilmentType type : FulfilmentType.values())
        {
            final String field = "ruleSets." + Enums.wire(type);
            final JsonNode list = json.get(Enums.wire(type));
            if (list == null || !list.isArray())
            {
                problem(field, list == null ? "MISSING_FIELD" : "INVALID_FIELD", "'" + field +
                    "' is required: a list of rule sets, tried in order");
                continue;
            }
            final List<RuleSet> ruleSets = new ArrayList<>();
            for (int i = 0; i < list.size(); i++)
            {
                final RuleSet r = ruleSet(list.get(i), field + "[" + i + "]");
                if (r != null)
                {
                    ruleSets.add(r);
                    final String problem = r.problem();
                    if (problem != null)
                    {
                        problem(field + "[" + i + "]", INVALID, problem);
                    }
                }
            }
            all.add(ruleSets);
        }
        return all;
    }

    private RuleSet ruleSet(final JsonNode json, final String at)
    {
        if (!json.isObject())
        {
            problem(at, "INVALID_FIELD", "'" + at + "' must be a rule set object");
            return null;
        }
        final int before = problems.size();
        unknownFields(json, RULE_SET_FIELDS, at + ".");
        final JsonNode name = json.get("name");
        if (name == null || !name.isTextual())
        {
            problem(at + ".name", name == null ? "MISSING_FIELD" : "INVALID_FIELD", "'" + at + ".name' is " +
                "required: text");
        }
        final List<Tier> tiers = enums(json, "tiers", at, true, Tier.class);
        final List<Integer> capabilities = names(json, "capabilities", at, false, CapabilityNames.all(), CapabilityNames::flag);
        final boolean pickupStoreOnly = flag(json, "pickupStoreOnly", at);
        final boolean needsAlternativeOk = flag(json, "needsAlternativeOk", at);
        final Long radius = whole(json, "radiusMeters", at + ".", false);
        final boolean checkDeliveryTime = flag(json, "checkDeliveryTime", at);
        final List<Tier> preference = enums(json, "tierPreference", at, false, Tier.class);
        final List<RankCriterion> ranking = enums(json, "ranking", at, true, RankCriterion.class);
        final Long maxSplits = whole(json, "maxSplits", at + ".", true);
        final Long maxCandidates = whole(json, "maxCandidates", at + ".", true);
        if (problems.size() > before)
        {
            return null;
        }
        final int flags = capabilities.stream().reduce(0, (a, b) -> a | b);
        return new RuleSet(name.asText(), tiers, flags, pickupStoreOnly, needsAlternativeOk,
            radius == null ? 0 : radius, checkDeliveryTime, preference, ranking, maxSplits.intValue(),
            maxCandidates.intValue());
    }

    private <E extends Enum<E>> List<E> enums(final JsonNode json, final String name, final String at,
        final boolean required, final Class<E> type)
    {
        return names(json, name, at, required, wireNames(type), text -> constant(type, text));
    }

    /** A list of names, each looked up ({@code lookup} answers null for an unknown name). */
    private <T> List<T> names(final JsonNode json, final String name, final String at, final boolean required,
        final String valid, final Function<String, T> lookup)
    {
        final String field = at + "." + name;
        final JsonNode list = json.get(name);
        final List<T> values = new ArrayList<>();
        if (list == null || !list.isArray())
        {
            if (required || list != null)
            {
                problem(field, list == null ? "MISSING_FIELD" : "INVALID_FIELD", "'" + field + "' is a list of " +
                    valid);
            }
            return values;
        }
        for (int i = 0; i < list.size(); i++)
        {
            final JsonNode item = list.get(i);
            final T found = item.isTextual() ? lookup.apply(item.asText()) : null;
            if (found == null)
            {
                problem(field + "[" + i + "]", "INVALID_FIELD", "'" + field + "[" + i + "]' must be one of " + valid +
                    ", got " + item);
                continue;
            }
            values.add(found);
        }
        return values;
    }

    private static <E extends Enum<E>> E constant(final Class<E> type, final String text)
    {
        try
        {
            return Enum.valueOf(type, Enums.constant(text));
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
    }

    private List<Integer> pickPackByType(final JsonNode json)
    {
        if (json == null)
        {
            return List.of();
        }
        if (!json.isObject())
        {
            problem("pickPackMinutesByType", "INVALID_FIELD", "'pickPackMinutesByType' is an object of minutes " +
                "by fulfilment type (" + wireNames(FulfilmentType.class) + ")");
            return List.of();
        }
        unknownFields(json, Arrays.stream(FulfilmentType.values()).map(Enums::wire).collect(Collectors.toSet()),
            "pickPackMinutesByType.");
        final List<Integer> minutes = new ArrayList<>();
        for (final FulfilmentType type : FulfilmentType.values())
        {
            final Long m = whole(json, Enums.wire(type), "pickPackMinutesByType.", true);
            minutes.add(m == null ? 0 : m.intValue());
        }
        return minutes;
    }

    /** @return each type's rules: those given, a type or a field left out taking its default. */
    private List<FulfilmentRules> rulesByType(final JsonNode json)
    {
        if (json == null)
        {
            return List.of();
        }
        if (!json.isObject())
        {
            problem("fulfilmentRules", "INVALID_FIELD", "'fulfilmentRules' is an object of rules by fulfilment type (" +
                wireNames(FulfilmentType.class) + ")");
            return List.of();
        }
        unknownFields(json, Arrays.stream(FulfilmentType.values()).map(Enums::wire).collect(Collectors.toSet()),
            "fulfilmentRules.");
        final List<FulfilmentRules> rules = new ArrayList<>(FulfilmentType.COUNT);
        for (final FulfilmentType type : FulfilmentType.values())
        {
            final String at = "fulfilmentRules." + Enums.wire(type);
            final JsonNode given = json.get(Enums.wire(type));
            final FulfilmentRules defaults = FulfilmentRules.defaultsFor(type);
            if (given == null)
            {
                rules.add(defaults);
                continue;
            }
            if (!given.isObject())
            {
                problem(at, "INVALID_FIELD", "'" + at + "' is an object of takesProtectedStock, routesByPickupStore " +
                    "and countsInboundByPromise (each true or false)");
                rules.add(defaults);
                continue;
            }
            unknownFields(given, RULES_FIELDS, at + ".");
            rules.add(new FulfilmentRules(flag(given, "takesProtectedStock", at, defaults.takesProtectedStock()),
                flag(given, "routesByPickupStore", at, defaults.routesByPickupStore()),
                flag(given, "countsInboundByPromise", at, defaults.countsInboundByPromise())));
        }
        return rules;
    }

    private boolean flag(final JsonNode json, final String name, final String at)
    {
        return flag(json, name, at, false);
    }

    private boolean flag(final JsonNode json, final String name, final String at, final boolean absent)
    {
        final JsonNode value = json.get(name);
        if (value != null && !value.isBoolean())
        {
            problem(at + "." + name, "INVALID_FIELD", "'" + at + "." + name + "' must be true or false");
        }
        return value == null || !value.isBoolean() ? absent : value.asBoolean();
    }

    /** A whole number that fits an int (a long for the three long fields of the engine's records). */
    private Long whole(final JsonNode json, final String name, final String prefix, final boolean required)
    {
        final String field = prefix + name;
        final JsonNode value = json.get(name);
        if (value == null)
        {
            if (required)
            {
                problem(field, "MISSING_FIELD", "'" + field + "' is required");
            }
            return null;
        }
        final boolean isLong = name.equals("radiusMeters") || name.equals("courierMetersPerHour") ||
            name.equals("highValueThreshold");
        if (!value.isIntegralNumber() || !(isLong ? value.canConvertToLong() : value.canConvertToInt()))
        {
            problem(field, "INVALID_FIELD", "'" + field + "' must be a whole number" + (isLong ? "" :
                " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE) + ", got " + value);
            return null;
        }
        return value.asLong();
    }

    private void unknownFields(final JsonNode json, final Set<String> known, final String prefix)
    {
        for (final Iterator<String> names = json.fieldNames(); names.hasNext(); )
        {
            final String name = names.next();
            if (!known.contains(name))
            {
                problem(prefix + name, "UNKNOWN_FIELD", "unknown field '" + prefix + name + "'");
            }
        }
    }

    private void problem(final String field, final String code, final String message)
    {
        problems.add(new Problem(field, code, message));
    }

    private static String wireNames(final Class<? extends Enum<?>> type)
    {
        return Arrays.stream(type.getEnumConstants()).map(Enums::wire).collect(Collectors.joining(", "));
    }

    /** The problems as JSON: {@code [{"field", "code", "message"}]}. */
    static ArrayNode json(final List<Problem> problems)
    {
        final ArrayNode out = Json.MAPPER.createArrayNode();
        problems.forEach(p -> out.addObject().put("field", p.field()).put("code", p.code()).put("message", p.message()));
        return out;
    }
}
