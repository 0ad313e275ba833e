/*
 * De chatwidget van de fiscale adviesbot, voor op de website van het kantoor:
 *
 *   <script src="https://bot.uwkantoor.nl/widget.js" defer></script>
 *
 * Instellingen op die scripttag: data-kleur="#1f5f8b" (de kleur van knoppen en kop), data-titel="Vraag het
 * de adviesbot" (de kop en de naam van de knop), data-campagne="najaar" (telt mee in de funnel, zoals
 * /start c_najaar in Telegram).
 *
 * Hand-written, no build step, no third-party code. Everything lives in a shadow root with its own styles,
 * so the host page's CSS cannot reach inside (and the host element's own styles are reset with !important,
 * which from inside the shadow tree beats the page's !important). Every text is put in the page with
 * textContent: nothing the bot or a visitor says can become markup. The session id and the transcript are
 * kept in sessionStorage: the conversation survives moving between the site's pages in one tab, and is gone
 * when the tab closes, so the next person on a shared computer does not see it.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!script || window.__adviesbotWidget) {
    return;
  }
  window.__adviesbotWidget = true;

  var API = new URL("/api/v1/chat", script.src).href;
  var TITEL = (script.getAttribute("data-titel") || "").trim() || "Vraag het de adviesbot";
  var CAMPAGNE = (script.getAttribute("data-campagne") || "").trim().replace(/[^A-Za-z0-9_-]/g, "").slice(0, 48);
  var KLEUR = hexKleur(script.getAttribute("data-kleur")) || "#1f5f8b";
  var OPSLAG = "adviesbot-widget";
  var MAX_BERICHTEN = 200;
  var GEEN_VERBINDING = "Er is nu geen verbinding met de adviesbot. Probeer het zo opnieuw.";

  function hexKleur(waarde) {
    var kleur = (waarde || "").trim();
    return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(kleur) ? kleur : null;
  }

  // Black or white text, whichever reads better on the firm's colour (WCAG relative luminance).
  function tekstOp(kleur) {
    var hex = kleur.length === 4 ? kleur.replace(/([0-9a-f])/gi, "$1$1").slice(1) : kleur.slice(1);
    var kanalen = [0, 2, 4].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var licht = 0.2126 * kanalen[0] + 0.7152 * kanalen[1] + 0.0722 * kanalen[2];
    return licht > 0.4 ? "#111111" : "#ffffff";
  }

  // sessionStorage may be off (private windows, strict settings): then the chat simply forgets on reload.
  function lees() {
    try {
      return JSON.parse(window.sessionStorage.getItem(OPSLAG)) || {};
    } catch (e) {
      return {};
    }
  }

  function bewaar() {
    try {
      window.sessionStorage.setItem(
        OPSLAG,
        JSON.stringify({ sessie: staat.sessie, log: staat.log.slice(-MAX_BERICHTEN), open: staat.open })
      );
    } catch (e) {
      /* nothing to do: the conversation still works in this page */
    }
  }

  var opgeslagen = lees();
  var staat = {
    sessie: typeof opgeslagen.sessie === "string" ? opgeslagen.sessie : null,
    log: Array.isArray(opgeslagen.log) ? opgeslagen.log : [],
    open: opgeslagen.open === true,
    bezig: false,
  };

  var CSS = [
    ":host { all: initial !important; position: fixed !important; right: 20px !important; bottom: 20px !important;",
    "  z-index: 2147483000 !important; display: block !important; visibility: visible !important;",
    "  opacity: 1 !important; transform: none !important; width: auto !important; height: auto !important;",
    "  margin: 0 !important; padding: 0 !important; border: 0 !important; background: none !important;",
    "  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif !important;",
    "  color: #1a1a1a !important; color-scheme: light !important; }",
    "*, *::before, *::after { box-sizing: border-box; }",
    "[hidden] { display: none !important; }",
    "button, input { font: inherit; color: inherit; margin: 0; }",
    ".bel { display: flex; align-items: center; gap: 8px; border: 0; border-radius: 28px; padding: 12px 18px;",
    "  background: var(--kleur); color: var(--op-kleur); cursor: pointer; font-weight: 600;",
    "  box-shadow: 0 4px 14px rgba(0,0,0,.25); }",
    ".bel svg { width: 22px; height: 22px; fill: currentColor; flex: none; }",
    ".paneel { position: absolute; right: 0; bottom: 0; width: 370px; height: min(600px, calc(100vh - 40px));",
    "  display: flex; flex-direction: column; background: #ffffff; border-radius: 12px; overflow: hidden;",
    "  box-shadow: 0 8px 30px rgba(0,0,0,.3); }",
    ".kop { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--kleur);",
    "  color: var(--op-kleur); }",
    ".kop h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; line-height: 1.3; }",
    ".sluit { border: 0; background: transparent; color: inherit; cursor: pointer; width: 36px; height: 36px;",
    "  border-radius: 6px; font-size: 22px; line-height: 1; padding: 0; }",
    ".log { flex: 1; overflow-y: auto; padding: 12px; background: #f4f5f7; display: flex; flex-direction: column;",
    "  gap: 8px; }",
    ".bericht { max-width: 88%; padding: 8px 11px; border-radius: 10px; white-space: pre-wrap;",
    "  overflow-wrap: anywhere; }",
    ".bot { align-self: flex-start; background: #ffffff; border: 1px solid #dde0e4; }",
    ".ik { align-self: flex-end; background: var(--kleur); color: var(--op-kleur); }",
    ".melding { align-self: center; background: #fff4e5; border: 1px solid #f0c36d; font-size: 14px; }",
    ".bericht p { margin: 0; }",
    ".bericht a { color: inherit; text-decoration: underline; }",
    ".knoppen { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }",
    ".knoppen button { border: 1px solid var(--kleur); background: #ffffff; color: #1a1a1a; border-radius: 16px;",
    "  padding: 6px 12px; cursor: pointer; text-align: left; }",
    ".knoppen button:hover:not(:disabled) { background: #eef2f6; }",
    ".knoppen button:disabled { opacity: .55; cursor: default; }",
    ".invoer { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #dde0e4; background: #ffffff; }",
    ".invoer input { flex: 1; min-width: 0; border: 1px solid #b8bec6; border-radius: 8px; padding: 9px 10px;",
    "  background: #ffffff; }",
    ".stuur { border: 0; border-radius: 8px; padding: 9px 14px; background: var(--kleur); color: var(--op-kleur);",
    "  cursor: pointer; font-weight: 600; }",
    ".stuur:disabled { opacity: .6; cursor: default; }",
    ".typt { align-self: flex-start; color: #5b6470; font-size: 14px; padding: 2px 4px; }",
    "button:focus-visible, input:focus-visible, .log:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }",
    ".verborgen { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);",
    "  white-space: nowrap; }",
    "@media (max-width: 480px) {",
    "  :host { right: 12px !important; bottom: 12px !important; }",
    "  :host(.open) { inset: 0 !important; }",
    "  .paneel { position: fixed; inset: 0; width: 100%; height: 100%; border-radius: 0; }",
    "  .knoppen button { padding: 9px 14px; }",
    "}",
  ].join("\n");

  var gastheer = document.createElement("adviesbot-widget");
  var schaduw = gastheer.attachShadow({ mode: "open" });
  var stijl = document.createElement("style");
  stijl.textContent = CSS;
  schaduw.appendChild(stijl);

  function maak(tag, attributen, tekst) {
    var element = document.createElement(tag);
    Object.keys(attributen || {}).forEach(function (naam) {
      element.setAttribute(naam, attributen[naam]);
    });
    if (tekst !== undefined) {
      element.textContent = tekst;
    }
    return element;
  }

  var wortel = maak("div", { class: "wortel" });
  wortel.style.setProperty("--kleur", KLEUR);
  wortel.style.setProperty("--op-kleur", tekstOp(KLEUR));
  schaduw.appendChild(wortel);

  var bel = maak("button", { type: "button", class: "bel", "aria-expanded": "false", "aria-controls": "paneel" });
  var icoon = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  icoon.setAttribute("viewBox", "0 0 24 24");
  icoon.setAttribute("aria-hidden", "true");
  var pad = document.createElementNS("http://www.w3.org/2000/svg", "path");
  pad.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  icoon.appendChild(pad);
  bel.appendChild(icoon);
  bel.appendChild(maak("span", {}, TITEL));

  var paneel = maak("section", { class: "paneel", id: "paneel", role: "dialog", "aria-labelledby": "titel" });
  paneel.hidden = true;
  var kop = maak("div", { class: "kop" });
  kop.appendChild(maak("h2", { id: "titel" }, TITEL));
  var sluit = maak("button", { type: "button", class: "sluit", "aria-label": "Chat sluiten" }, "×");
  kop.appendChild(sluit);
  // role=log is a polite live region: a screen reader reads each new message once, without interrupting.
  var log = maak("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Gesprek", tabindex: "0" });
  var typt = maak("div", { class: "typt", "aria-hidden": "true" }, "De adviesbot typt…");
  typt.hidden = true;
  var formulier = maak("form", { class: "invoer" });
  var label = maak("label", { for: "tekst", class: "verborgen" }, "Uw bericht");
  var veld = maak("input", {
    id: "tekst",
    type: "text",
    autocomplete: "off",
    maxlength: "4096",
    placeholder: "Typ uw vraag of antwoord",
    enterkeyhint: "send",
  });
  var stuur = maak("button", { type: "submit", class: "stuur" }, "Stuur");
  formulier.appendChild(label);
  formulier.appendChild(veld);
  formulier.appendChild(stuur);
  paneel.appendChild(kop);
  paneel.appendChild(log);
  paneel.appendChild(formulier);
  wortel.appendChild(bel);
  wortel.appendChild(paneel);

  // A piece of text, with web addresses as links (opened in a new tab, without access to this page). The server
  // already keeps an amount on one line ("€ 417,60" with a non-breaking space).
  function zetTekst(doel, tekst) {
    var delen = tekst.split(/(https?:\/\/[^\s<>"']+)/);
    delen.forEach(function (deel, index) {
      if (index % 2 === 1) {
        var eind = deel.match(/[.,;:!?)]+$/);
        var adres = eind ? deel.slice(0, -eind[0].length) : deel;
        var link = maak("a", { href: adres, target: "_blank", rel: "noopener noreferrer" }, adres);
        doel.appendChild(link);
        if (eind) {
          doel.appendChild(document.createTextNode(eind[0]));
        }
      } else if (deel) {
        doel.appendChild(document.createTextNode(deel));
      }
    });
  }

  function toonBericht(item, actief) {
    var vak = maak("div", { class: "bericht " + item.wie });
    if (item.wie === "ik" || item.wie === "melding") {
      vak.appendChild(maak("p", {}, item.tekst));
      if (item.wie === "ik") {
        vak.insertBefore(maak("span", { class: "verborgen" }, "U: "), vak.firstChild);
      }
    } else {
      var alinea = maak("p");
      (item.bericht.tekst || []).forEach(function (stuk) {
        var doel = alinea;
        if (stuk.vet) {
          doel = maak("strong");
          alinea.appendChild(doel);
        }
        zetTekst(doel, String(stuk.tekst));
      });
      vak.appendChild(alinea);
      var knoppen = item.bericht.knoppen || [];
      if (knoppen.length) {
        var rij = maak("div", { class: "knoppen", role: "group", "aria-label": "Antwoorden" });
        knoppen.forEach(function (knop) {
          var knopElement = maak("button", { type: "button" }, String(knop.label));
          knopElement.disabled = !actief;
          knopElement.addEventListener("click", function () {
            verstuur({ knop: String(knop.token) }, String(knop.label));
          });
          rij.appendChild(knopElement);
        });
        vak.appendChild(rij);
      }
    }
    log.insertBefore(vak, typt);
    return vak;
  }

  function toonAlles() {
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    log.appendChild(typt);
    var laatsteIk = -1;
    staat.log.forEach(function (item, index) {
      if (item.wie === "ik") {
        laatsteIk = index;
      }
    });
    staat.log.forEach(function (item, index) {
      // Only the buttons of the latest replies can be pressed: older ones belong to questions already answered.
      toonBericht(item, index > laatsteIk);
    });
    log.scrollTop = log.scrollHeight;
  }

  function zetBezig(bezig) {
    staat.bezig = bezig;
    typt.hidden = !bezig;
    stuur.disabled = bezig;
    veld.setAttribute("aria-busy", bezig ? "true" : "false");
  }

  function schakelOudeKnoppenUit() {
    Array.prototype.forEach.call(log.querySelectorAll(".knoppen button"), function (knop) {
      knop.disabled = true;
    });
  }

  function nieuweFocus() {
    // After a reply: its first button when the question is a choice, else the text field (an amount, a name).
    var laatste = staat.log[staat.log.length - 1];
    var knop = log.querySelector(".knoppen button:not(:disabled)");
    if (knop && laatste && laatste.bericht && !laatste.bericht.open) {
      knop.focus();
    } else {
      veld.focus();
    }
  }

  function melding(tekst) {
    var item = { wie: "melding", tekst: tekst };
    staat.log.push(item);
    toonBericht(item, false);
    bewaar();
    log.scrollTop = log.scrollHeight;
  }

  function verstuur(verzoek, alsTekst) {
    if (staat.bezig) {
      return;
    }
    if (alsTekst) {
      var eigen = { wie: "ik", tekst: alsTekst };
      staat.log.push(eigen);
      schakelOudeKnoppenUit();
      toonBericht(eigen, false);
    }
    verzoek.sessie = staat.sessie;
    zetBezig(true);
    log.scrollTop = log.scrollHeight;
    fetch(API, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(verzoek),
      credentials: "omit",
      mode: "cors",
    })
      .then(function (antwoord) {
        return antwoord.json().then(
          function (data) {
            return { ok: antwoord.ok, data: data };
          },
          function () {
            return { ok: false, data: {} };
          }
        );
      })
      .then(function (uitslag) {
        zetBezig(false);
        if (!uitslag.ok || !Array.isArray(uitslag.data.berichten)) {
          melding(typeof uitslag.data.fout === "string" ? uitslag.data.fout : GEEN_VERBINDING);
          veld.focus();
          return;
        }
        staat.sessie = uitslag.data.sessie;
        var eerste = null;
        uitslag.data.berichten.forEach(function (bericht) {
          var item = { wie: "bot", bericht: bericht };
          staat.log.push(item);
          var vak = toonBericht(item, true);
          eerste = eerste || vak;
        });
        bewaar();
        nieuweFocus();
        if (eerste) {
          // The start of the answer, not its end: a long calculation is read from the top.
          log.scrollTop = eerste.offsetTop - log.offsetTop - 8;
        }
      })
      .catch(function () {
        zetBezig(false);
        melding(GEEN_VERBINDING);
        veld.focus();
      });
    bewaar();
  }

  function openen(metFocus) {
    staat.open = true;
    paneel.hidden = false;
    bel.hidden = true;
    bel.setAttribute("aria-expanded", "true");
    gastheer.classList.add("open");
    bewaar();
    if (!staat.log.length && !staat.bezig) {
      verstuur({ tekst: CAMPAGNE ? "/start c_" + CAMPAGNE : "/start" });
    }
    log.scrollTop = log.scrollHeight;
    if (metFocus) {
      veld.focus();
    }
  }

  function sluiten() {
    staat.open = false;
    paneel.hidden = true;
    bel.hidden = false;
    bel.setAttribute("aria-expanded", "false");
    gastheer.classList.remove("open");
    bewaar();
    bel.focus();
  }

  bel.addEventListener("click", function () {
    openen(true);
  });
  sluit.addEventListener("click", sluiten);
  // On a phone the chat covers the page: Tab goes round inside it instead of into the page hidden behind it.
  var smal = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;
  paneel.addEventListener("keydown", function (gebeurtenis) {
    if (gebeurtenis.key === "Escape") {
      gebeurtenis.preventDefault();
      sluiten();
      return;
    }
    if (gebeurtenis.key !== "Tab" || !smal || !smal.matches) {
      return;
    }
    var bereikbaar = Array.prototype.filter.call(
      paneel.querySelectorAll("button, input, [tabindex='0']"),
      function (element) {
        return !element.disabled;
      }
    );
    var eerste = bereikbaar[0];
    var laatste = bereikbaar[bereikbaar.length - 1];
    if (gebeurtenis.shiftKey && schaduw.activeElement === eerste) {
      gebeurtenis.preventDefault();
      laatste.focus();
    } else if (!gebeurtenis.shiftKey && schaduw.activeElement === laatste) {
      gebeurtenis.preventDefault();
      eerste.focus();
    }
  });
  formulier.addEventListener("submit", function (gebeurtenis) {
    gebeurtenis.preventDefault();
    var tekst = veld.value.trim();
    if (!tekst || staat.bezig) {
      return;
    }
    veld.value = "";
    verstuur({ tekst: tekst }, tekst);
  });

  function plaats() {
    document.body.appendChild(gastheer);
    toonAlles();
    // Open again on the next page of the site, without taking the focus from that page.
    if (staat.open) {
      openen(false);
    }
  }

  if (document.body) {
    plaats();
  } else {
    document.addEventListener("DOMContentLoaded", plaats);
  }
})();
