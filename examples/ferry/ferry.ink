// The same story in ink, for comparison (docs/side-by-side.md): not played by the engine.
VAR coins = 4
LIST pack = letter, lantern, rope
VAR roll = 0
VAR squall = false
VAR soaked = false
VAR shaken = false
~ pack = letter

-> inn

=== inn ===
Rain drums on the shutters of the last inn before the river. In your coat is a letter for the lighthouse keeper on the far bank, and it must be in her hands before dawn.
You have {coins} coins.{pack ? lantern: The lantern you bought hangs from your belt.}
* {coins >= 3} [Buy a lantern from the innkeeper (3 coins)]
    ~ coins -= 3
    ~ pack += lantern
    -> inn
* [Look in the stable] -> stable
+ [{jetty: Go back down to the jetty|Walk down to the jetty}] -> jetty

=== stable ===
A mule, a broken cart, and on a nail a coil of good hemp rope that nobody seems to own.
* [Take the rope]
    ~ pack += rope
    -> inn
* {coins >= 2} [Take the rope and leave the stable boy 2 coins for it]
    ~ pack += rope
    ~ coins -= 2
    -> inn
* [Leave it and go back in] -> inn

=== jetty ===
The ferryman sits in his boat under a tarpaulin, smoking. "Two coins to cross," he says, "or a game of dice, if you feel lucky."
+ {coins >= 2} [Pay him {coins == 2: your last two coins|two of your {coins} coins}]
    ~ coins -= 2
    -> boat
+ [Play dice for the fare]
    ~ roll = RANDOM(1, 6)
    -> dice
+ [Follow the bank upstream to the old bridge] -> riverbank
+ [Go back to the inn] -> inn

=== dice ===
He rattles the cup and lets you throw first. The die comes up <b>{roll}</b>.
{roll >= 4: He spits over the side and laughs. "Fair's fair. Get in."|He grins. "Pay double or swim."}
+ {roll >= 4} [Climb into the boat] -> boat
+ {roll < 4 && coins >= 4} [Pay double (4 coins)]
    ~ coins -= 4
    -> boat
+ {roll < 4} [Walk away upstream]
    ~ shaken = true
    -> riverbank

=== boat ===
~ squall = RANDOM(1, 100) <= 30
The boat swings out into the current. Halfway across, the wind rises.
+ {not squall} [Sit still and let him row] -> midstream
+ {squall} [Hold on as the squall hits] -> squall_hits

=== midstream ===
"What's in the letter?" the ferryman asks, not looking at you.
+ [“That is for the keeper to read.”] -> far_bank
+ [Show him the seal]
    ~ shaken = true
    -> far_bank

=== squall_hits ===
~ soaked = RANDOM(1, 100) <= 50
A wave comes over the side. The boat tips; the ferryman shouts something the wind takes.
+ {pack ? rope} [Tie yourself to the thwart with your rope]
    ~ pack = (letter)
    -> far_bank
+ [Grip the side and pray] -> swept

=== riverbank ===
The path upstream is mud and roots. {shaken: Your hands are still shaking.} Far ahead, the old bridge is a darker line across the dark.
+ [Keep going to the bridge] -> bridge
+ [Turn back to the inn and wait for morning] -> turned_back

=== bridge ===
Half the planks are gone. {pack ? lantern: In the lantern's light you can see which ones will hold.|In the dark you cannot tell a plank from a gap.}
+ {pack ? lantern} [Cross by the lantern's light] -> far_bank
+ {not (pack ? lantern)} [{shaken: Cross anyway, shaking|Feel your way across}] -> far_bank
+ [Turn back] -> turned_back

=== far_bank ===
Your boots find stones, then grass. The lighthouse stands on the headland, its lamp still turning.
+ [Climb to the lighthouse] -> lighthouse

=== lighthouse ===
The keeper opens the door before you knock. {shaken: "You look like you swam here," she says.|"You're early," she says.}
+ [{soaked: Give her the soaked letter|Give her the letter}]
    ~ pack -= letter
    -> delivered

=== delivered ===
{soaked: She dries the pages by the lamp and reads what the river left of them,|She reads it by the lamp, twice,} and then she smiles for the first time in what looks like years. Whatever the letter said, it was worth the river.
-> END

=== turned_back ===
You sleep by the inn's fire. In the morning the river is calm and the letter is a day late. Some letters can wait a day. You will never know if this one could.
-> END

=== swept ===
The river takes you, and the letter, down towards the sea. You wake on a sandbank at dawn, alive, with empty pockets and a story nobody will believe.
-> END
