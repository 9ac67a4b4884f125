package crpv.elasticsearch.analysis;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/** The configurable tokenizers: {@code ngram}, {@code edge_ngram}, {@code lowercase}. */
final class Tokenizers {

    private Tokenizers() {}

    /** {@code ngram}: {@code min_gram} 1, {@code max_gram} 2 (within index.max_ngram_diff), {@code token_chars}. */
    static final class NGram extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate tokenChars;

        NGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            this.minGram = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            this.maxGram = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            Filters.checkNGramDiff(indexSettings, minGram, maxGram);
            this.tokenChars = parseTokenChars(settings);
        }

        @Override
        public Tokenizer create() {
            if (tokenChars == null) {
                return new NGramTokenizer(minGram, maxGram);
            }
            IntPredicate chars = tokenChars;
            return new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            };
        }
    }

    /** {@code edge_ngram}: {@code min_gram} 1, {@code max_gram} 2, {@code token_chars}. */
    static final class EdgeNGram extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate tokenChars;

        EdgeNGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            this.minGram = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            this.maxGram = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            this.tokenChars = parseTokenChars(settings);
        }

        @Override
        public Tokenizer create() {
            if (tokenChars == null) {
                return new EdgeNGramTokenizer(minGram, maxGram);
            }
            IntPredicate chars = tokenChars;
            return new EdgeNGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            };
        }
    }

    /** {@code lowercase}: letters only, lowercased (no parameters). */
    static final class LowerCase extends AbstractTokenizerFactory {
        LowerCase(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
        }

        @Override
        public Tokenizer create() {
            return new LowerCaseLetterTokenizer();
        }
    }

    /** token_chars classes: letter, digit, whitespace, punctuation, symbol, custom, or a java.lang.Character category. */
    private static final Map<String, IntPredicate> CHAR_CLASSES = new HashMap<>();

    private static IntPredicate ofTypes(int... types) {
        return c -> {
            int type = Character.getType(c);
            for (int t : types) {
                if (t == type) {
                    return true;
                }
            }
            return false;
        };
    }

    static {
        CHAR_CLASSES.put("letter", Character::isLetter);
        CHAR_CLASSES.put("digit", Character::isDigit);
        CHAR_CLASSES.put("whitespace", Character::isWhitespace);
        CHAR_CLASSES.put(
            "punctuation",
            ofTypes(
                Character.START_PUNCTUATION,
                Character.END_PUNCTUATION,
                Character.OTHER_PUNCTUATION,
                Character.CONNECTOR_PUNCTUATION,
                Character.DASH_PUNCTUATION,
                Character.INITIAL_QUOTE_PUNCTUATION,
                Character.FINAL_QUOTE_PUNCTUATION
            )
        );
        CHAR_CLASSES.put(
            "symbol",
            ofTypes(Character.CURRENCY_SYMBOL, Character.MATH_SYMBOL, Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL)
        );
        for (Field field : Character.class.getFields()) {
            if (field.getName().startsWith("DIRECTIONALITY") == false
                && Modifier.isStatic(field.getModifiers())
                && field.getType() == byte.class) {
                try {
                    CHAR_CLASSES.put(field.getName().toLowerCase(Locale.ROOT), ofTypes(field.getByte(null)));
                } catch (IllegalAccessException e) {
                    // public static fields: cannot happen
                }
            }
        }
    }

    static IntPredicate parseTokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes == null || classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String raw : classes) {
            String characterClass = raw.toLowerCase(Locale.ROOT).trim();
            IntPredicate matcher = CHAR_CLASSES.get(characterClass);
            if (matcher == null) {
                if (characterClass.equals("custom") == false) {
                    Set<String> known = new TreeSet<>(CHAR_CLASSES.keySet());
                    known.add("custom");
                    throw new IllegalArgumentException("Unknown token type: '" + characterClass + "', must be one of " + known);
                }
                String custom = settings.get("custom_token_chars");
                if (custom == null) {
                    throw new IllegalArgumentException("Token type: 'custom' requires setting `custom_token_chars`");
                }
                Set<Integer> customChars = custom.codePoints().boxed().collect(Collectors.toSet());
                matcher = customChars::contains;
            }
            result = result.or(matcher);
        }
        return result;
    }
}
