package dashboards

import "chitieu/msg"

// Messages are the labels of the pages and charts in one language.
type Messages map[string]string

// Catalog holds the labels of both languages; Vietnamese is the reference.
type Catalog struct {
	vi, en Messages
}

// NewCatalog returns the built-in labels: the "page." entries of the
// message catalogs (msg/vi.json, msg/en.json), which hold every word users
// read, the pages' labels included.
func NewCatalog() *Catalog {
	return &Catalog{vi: Messages(msg.Prefixed(msg.VI, "page.")), en: Messages(msg.Prefixed(msg.EN, "page."))}
}

// All returns the labels of lang, for scripts that word what the server sends them.
func (c *Catalog) All(lang Lang) Messages {
	if lang == EN {
		out := Messages{}
		for k, v := range c.vi {
			out[k] = v
		}
		for k, v := range c.en {
			out[k] = v
		}
		return out
	}
	return c.vi
}

// T returns the label for key in lang, the Vietnamese one when English lacks
// it, and the key itself when both do, so a missing label shows, not breaks.
func (c *Catalog) T(lang Lang, key string) string {
	if lang == EN {
		if s, ok := c.en[key]; ok {
			return s
		}
	}
	if s, ok := c.vi[key]; ok {
		return s
	}
	return key
}

// StatusIcon marks a status by shape as well as colour.
func StatusIcon(status string) string {
	switch status {
	case "exceeded":
		return "▲"
	case "met":
		return "✓"
	case "near":
		return "≈"
	case "missed":
		return "▼"
	}
	return "–"
}

// StatusColor is the colour of a status in charts and cards.
func StatusColor(status string) string {
	switch status {
	case "exceeded":
		return "#1a7f37"
	case "met":
		return "#4c9a2a"
	case "near":
		return "#b07d00"
	case "missed":
		return "#cf222e"
	}
	return "#8c959f"
}

// Statuses in the order pages list them: worst first.
func Statuses() []string { return []string{"missed", "near", "met", "exceeded", "no plan"} }
