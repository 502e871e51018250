## Ticking the refractures an import offers, recorded with the import
io-offer-col = Record
io-offer-tick = Record this refracture with the import
io-count-refractures = Refractures recorded on earlier episodes
rule-refracture_not_offered = is no longer offered as the refracture of the episode ticked (the patient's episodes changed since the preview, or the tick names another episode); nothing was imported.
rule-refracture_ticked_twice = is ticked as the refracture of an episode that an earlier line of the file already gives its refracture; an episode takes one refracture: tick only the first.
