"""The omgekeerde toets as tests fill it in: steps 1-4 on a doorbraak request, step 5 and the
outcome on the mandate holder's decision, all five on a table's third-order decision."""

REQUEST_TOETS = {
    "toets_effect": "Dat er deze maand een kamer en een inkomen is",
    "toets_person": "Rust voor de bewoner en de kinderen, geen nieuwe schuld",
    "toets_intent": "De regel wil misbruik voorkomen, niet dakloosheid verlengen",
    "toets_ethics": "Ja: uitlegbaar aan de bewoner en aan de raad",
}
GO = {"toets_legal": "Art. 18 lid 1 geeft ruimte voor afstemming", "toets_outcome": "go"}
NO = {"toets_legal": "De wet sluit dit uit: art. 13 lid 1", "toets_outcome": "no"}
TABLE_TOETS = {
    **REQUEST_TOETS,
    "toets_legal": "Past binnen de beleidsregel na wijziging van artikel 4",
    "toets_outcome": "go",
}
