package io.omnistock.core.catalog;

import io.omnistock.core.catalog.CatalogHandlers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which characters logic version 2 refuses in a location, SKU or channel code. */
class CodeCharactersTest
{
    @ParameterizedTest
    @ValueSource(strings = {"A\u0000B", "A\nB", "A\tB", "A\u007FB", "A\u0085B", "A\u009FB", "A\u00ADB", "A\u061CB",
        "A\u200BB", "A\u200DB", "A\u200EB", "A\u2028B", "A\u2029B", "A\u202AB", "A\u202EB", "A\u2060B", "A\u2066B",
        "A\u2069B", "\uFEFFAB"})
    void controlBidiAndInvisibleCharactersAreRefused(final String code)
    {
        assertTrue(CatalogHandlers.hasInvisibleCharacter(code), code.codePoints().boxed().toList().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SH-ST-001", "\u725b\u5976-1L", "\uD83E\uDD5B-MILK", "caf\u00E9", "A B", "\u0645\u062A\u062C\u0631",
        "\u00A0NBSP"})
    void printableUnicodeStaysValid(final String code)
    {
        assertFalse(CatalogHandlers.hasInvisibleCharacter(code), code);
    }
}
