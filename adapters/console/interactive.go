package console

import (
	"fmt"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// banner tells a person at a terminal what to type and how to leave, in both languages: the
// bot does not know theirs yet.
const banner = `bigmodel-bot — type a topic or a question; "help" lists the commands, "topics" what I know.
输入话题或问题；“帮助”查看命令，“话题”查看全部话题。
"exit" or Ctrl-D quits / 输入“退出”或按 Ctrl-D 结束。
`

// noButton answers "!<id>" for a button not on screen; %s is what was typed.
const noButton = "There is no button %[1]s on screen: type \"!\" and an id shown in [brackets], e.g. !topic:risks.\n屏幕上没有按钮 %[1]s：请输入方括号 [ ] 中显示的“!”加编号。"

// quits reports whether a line ends the session: "exit" or "quit" (core.IsQuit) however the
// input arrives, as in a shell script, so a piped "exit" is neither answered nor counted as a
// question; at a terminal also "bye" and "再见", which people type before they think of Ctrl-D.
func (c *Console) quits(line string) bool {
	if core.IsQuit(line) {
		return true
	}
	if !c.inter {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "bye", "再见":
		return true
	}
	return false
}

func (c *Console) promptText() string { return style(c.color, bold, ">") + " " }

// greet shows the banner and the first prompt when the console is interactive.
func (c *Console) greet() error {
	if !c.inter {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out.WriteString(style(c.color, dim, banner) + "\n")
	return c.showPrompt()
}

// prompt asks for the next line when the console is interactive.
func (c *Console) prompt() error {
	if !c.inter {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.showPrompt()
}

// showPrompt writes the prompt; c.mu is held.
func (c *Console) showPrompt() error {
	c.out.WriteString(c.promptText())
	c.prompting = true
	if err := c.out.Flush(); err != nil {
		return fmt.Errorf("console: write prompt: %w", err)
	}
	return nil
}

// typed notes that the user ended a line: the cursor is at the start of a fresh one.
func (c *Console) typed() {
	c.mu.Lock()
	c.prompting = false
	c.mu.Unlock()
}

// bye ends the prompt's line at the end of input or on Ctrl-C, so the shell's prompt starts on
// a line of its own. Best effort: the run is over either way, and Run returns nil then.
func (c *Console) bye() {
	if !c.inter {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prompting = false
	c.out.WriteString("\n")
	_ = c.out.Flush() // nothing is left to report a failure to
}
